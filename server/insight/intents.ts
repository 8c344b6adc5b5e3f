// Purchase intent tags for a comment, from multilingual cue words: what a host in a live sale needs to
// see at a glance (questions, price, size/fit, stock/shipping, wants to buy, complaints). Rules, not a
// model: they are cheap enough for every comment and explainable to the host ("tagged price: 多少钱").
import { INTENT_TAGS, intentsOfMask, type IntentTag } from '../../core/protocol/room-events';
import { PhraseIndex, type FoldedText } from '../../core/text';

/** Cue lists are written as one string, `|` between cues, to keep them readable. */
const cues = (list: string) => list.split('|');

interface Rule {
  tag: IntentTag;
  /** Cues, folded and matched by core/text's rules: anywhere (CJK), else on word boundaries. */
  cues: string[];
}

const RULES: Rule[] = [
  {
    tag: 'price',
    cues: cues(
      'price|how much|cost|costs|discount|coupon|cheaper|expensive|deal|多少钱|价格|价钱|几块|多钱|优惠|便宜|贵|' +
        '打折|折扣|券|元|块钱|precio|cuánto cuesta|cuanto cuesta|cuánto vale|descuento|barato|caro|preço|' +
        'quanto custa|prix|combien|preis|wie viel|kostet|harga|berapa|가격|얼마|할인|値段|いくら|価格|割引|سعر|' +
        'بكم|خصم|кошту|цена|сколько стоит',
    ),
  },
  {
    tag: 'size',
    cues: cues(
      'size|sizes|fit|fits|small|large|xl|xxl|xs|too big|too tight|length|width|cm|inch|尺码|s码|' +
        'm码|l码|xl码|xxl码|大码|小码|均码|码数|尺寸|大小|多大|偏大|偏小|合身|身高|体重|斤|腰围|几码|talla|tallas|tamaño|medida|' +
        'tamanho|taille|größe|ukuran|사이즈|치수|크기|サイズ|寸法|مقاس|حجم|размер',
    ),
  },
  {
    tag: 'shipping',
    cues: cues(
      'ship|ships|shipping|deliver|delivery|stock|in stock|sold out|restock|arrive|arrived|' +
        'customs|发货|有货|没货|库存|快递|包邮|物流|到货|几天到|补货|现货|海外|运费|envío|envio|enviar|entrega|stock|agotado|' +
        'frete|entrega|livraison|lieferung|versand|kirim|ongkir|배송|재고|품절|発送|在庫|送料|شحن|توصيل|متوفر|' +
        'доставка',
    ),
  },
  {
    tag: 'buy',
    cues: cues(
      'buy|buying|bought|want it|want one|i want|need this|need it|take my money|add to cart|' +
        'ordered|order now|link|买|要了|下单|拍了|已拍|冲|想要|求链接|链接|上车|抢|已买|入手|种草|comprar|compré|lo quiero|' +
        'la quiero|quiero|quero|comprei|acheter|je veux|kaufen|will haben|beli|mau|살게|구매|주문|갖고 싶|' +
        '買う|買いたい|欲しい|ほしい|أريد|اشتري|شراء|куплю|хочу',
    ),
  },
  {
    tag: 'complaint',
    cues: cues(
      'scam|fake|broken|refund|worst|terrible|never arrived|not received|damaged|rip off|ripoff|' +
        'waste|cheated|lies|骗|假货|退款|退货|垃圾|差评|坑|烂|质量差|没收到|投诉|智商税|割韭菜|estafa|falso|roto|reembolso|' +
        'engaño|golpe|arnaque|betrug|penipuan|rusak|사기|환불|불량|가짜|詐欺|返金|偽物|احتيال|مزيف|نصب|обман',
    ),
  },
];

const QUESTION_CUES = cues(
  'how|what|when|where|which|why|can i|can you|is it|is this|does it|do you|any |吗|么|嘛|呢|怎么|' +
    '什么|哪|几|多少|能不能|可以吗|有没有|是不是|cómo|como|qué|cuándo|dónde|cuál|hay|tienes|tiene|quanto|onde|' +
    'comment|quand|où|wie|wann|wo |apakah|bisa|어떻게|언제|어디|뭐|무엇|있나요|있어요|인가요|ですか|ますか|どう|いつ|どこ|何|هل|' +
    'كيف|متى|أين|ماذا|как|когда|где',
);

// All cues in one index: a comment is scanned once, whatever the number of cues (a few hundred).
const index = new PhraseIndex<number>();
for (const cue of QUESTION_CUES) index.add(cue, 1);
for (const rule of RULES) for (const cue of rule.cues) index.add(cue, 1 << INTENT_TAGS.indexOf(rule.tag));
const QUESTION_MARK = /[?¿؟]/; // folded: "？" is "?"

/** Intent tags of one comment as a bit mask over INTENT_TAGS; `folded` comes from core/text foldText. */
export function intentMask(folded: FoldedText): number {
  let mask = QUESTION_MARK.test(folded.text) ? 1 : 0;
  index.scan(folded, (bits) => {
    for (const bit of bits) mask |= bit;
  });
  return mask;
}

/** Intent tags of one comment (folded with core/text foldText), in INTENT_TAGS order. */
export const detectIntents = (folded: FoldedText): IntentTag[] => intentsOfMask(intentMask(folded));

const byMask = new Map<number, IntentTag[]>();
/** The tags of a mask, one shared frozen array per mask (64 at most): no allocation per comment. */
export function intentsOfMaskCached(mask: number): IntentTag[] {
  let tags = byMask.get(mask);
  if (!tags) byMask.set(mask, (tags = Object.freeze(intentsOfMask(mask)) as IntentTag[]));
  return tags;
}
