// Our own seed lexicon of live-chat signals, written for this project (not copied from any lexicon):
// slang, emoji, emoticons and common sentiment words in the languages viewers comment in, including
// zh/ja/ko where there is little or no licensable training data. Each hit becomes one of a few shared
// lexicon features whose weights the model learns from the languages that do have data, so a hit on
// "绝了" counts like a hit on "amazing". Entries are written as people type them; they are normalised
// with the same code as the text (lower case, accents removed, NFKC), so "Genial" and "genial" match.
//
// Syntax: entries separated by "|"; spaces inside an entry match one space; a trailing "*" matches any
// word that starts with the entry. Entries starting or ending with a letter of a spaced script (Latin,
// Arabic, ...) must sit on a word boundary there; Chinese, Japanese, Korean and Thai entries match
// anywhere (those scripts have no spaces or glue endings to words). "none" entries match and count for
// nothing: they stop a shorter entry from matching inside a neutral word ("你好" is not "好"). Kinds:
// pos2/neg2 strong, pos/neg clear, pos0/neg0 weak or context-dependent ("like", "miss", "hard").

export type SeedKind = 'pos0' | 'pos' | 'pos2' | 'neg0' | 'neg' | 'neg2' | 'laugh' | 'cry' | 'not' | 'none';
export type SeedGroup = Partial<Record<SeedKind, string>>;

export const SEED_LEXICON: Record<string, SeedGroup> = {
  emoji: {
    pos: '😍|🥰|😘|😊|☺|😁|😀|😃|😄|🤩|🥳|👍|👏|🙌|💪|🔥|💯|✨|🎉|🎊|❤|♥|♡|💕|💖|💗|💓|💞|💘|💝|💜|💙|💚|💛|🧡|🤍|🤗|😎|😋|🤤|🌟|⭐|✅|👌|🙏|😉|🆗|🆒|🏆|🥇|💐|🌹|😻|💋|🫶|🤝|👑|💎|🚀|⚡',
    neg: '😡|😠|🤬|👎|💩|🤮|🤢|😤|😒|🙄|😞|😔|😟|😕|☹|🙁|😣|😖|😫|😩|💔|😱|😨|😰|🤡|🖕|❌|🚫|😑|😓|😾|🤥|💀|⛔|👿',
    laugh: '😂|🤣|😹|😆|😅',
    cry: '😭|😢|🥺|🥹',
  },
  emoticon: {
    pos: ':)|:-)|:]|=)|:d|:-d|;)|;-)|<3|^^|^_^|^o^|(:|:p|:-p|\\o/|b-)',
    neg: ':(|:-(|:[|=(|>:(|:/|:-/|-_-|>_<|</3|:@|d:|:|',
    laugh: 'xd|xdd',
    cry: "t_t|t.t|;_;|:'(|qaq|qwq",
  },
  en: {
    pos2: 'amazing|awesome|excellent|perfect|perfection|love|loved|loving|lovely|best|fantastic|wonderful|incredible|brilliant|beautiful|gorgeous|stunning|outstanding|superb|masterpiece|goat|goated|legendary|flawless|obsessed|take my money|must buy|so good|so cute|10/10|highly recommend|super',
    pos: "good|nice|great|cool|happy|glad|thanks|thank|thx|ty|tysm|fun|funny|cute|pretty|yay|wow|congrats|congratulations|enjoy|enjoyed|excited|exciting|recommend|recommended|worth|worth it|gg|gj|wp|legend|slay|slayed|bless|blessed|proud|dope|poggers|pogchamp|cheers|sweet|yummy|delicious|fresh|comfy|comfortable|smooth|affordable|bargain|bought|ordered|sold|thank you|well done|good job|not bad|no problem|enjoying|favorite|favourite|fav|helpful|useful|kind|sexy|stylish|classy|elegant|impressive|genius|solid|epic|neat|lovin|luv|ily|easy|lucky|fab|fabulous|wholesome|hilarious|glorious|thrilled|accomplished|admire|adorable|appreciate|appreciated|approve|attractive|benefit|better|bonus|brave|calm|capable|celebrate|celebrating|celebration|champion|champions|charming|cheer|cheerful|clever|comfort|confident|cozy|creative|dear|delight|delighted|eager|effective|efficient|encourage|encouraging|energetic|enjoyable|entertaining|enthusiastic|exceptional|fair|faith|fascinating|fortunate|friendly|generous|gentle|glory|god bless|grace|grateful|gratitude|greatest|grin|handsome|harmony|heal|healthy|hero|heroes|highlight|honest|honor|honored|hooray|hug|hugs|humor|ideal|improve|improved|improvement|inspire|inspired|inspiring|interesting|joy|joyful|keen|kiss|laugh|laughing|lively|magic|magical|marvelous|merry|miracle|motivated|opportunity|optimistic|paradise|passion|peace|peaceful|playful|pleasant|pleased|pleasure|popular|positive|powerful|praise|precious|premium|prize|progress|promising|quality|refreshing|relax|relaxed|relief|reliable|respect|reward|romantic|satisfied|shine|sincere|smart|smile|smiles|smiling|spectacular|splendid|success|successful|sunny|sunshine|supportive|surprise|talented|terrific|thankful|treasure|triumph|trust|unique|upbeat|valuable|victory|vibrant|warm|winner|wins|wise|worthy|beauty|best friend|can't wait|cant wait|looking forward",
    neg: 'bad|sad|sorry|worse|wrong|boring|bored|tired|annoying|annoyed|angry|mad|upset|disappointed|disappointing|disappointment|fail|failed|fails|broken|expensive|overpriced|pricey|slow|refund|cringe|meh|lame|sucks|suck|sucked|poor|ugly|stupid|idiot|dumb|useless|waste|ripoff|rip off|smh|ffs|ugh|hurt|pain|painful|cry|crying|fake|lie|lies|liar|hate it|not good|not worth|never again|no thanks|unfortunately|sadly|fear|scared|afraid|worried|worry|gross|mess|trash|garbage|clown|rip|death|die|died|kill|killed|war|attack|crisis|shame|shameful|wack|overrated|fml|ew|eww|abandon|abuse|accident|ache|aggressive|agony|alarm|anger|anxiety|anxious|argue|arrest|arrested|ashamed|assault|avoid|awkward|bankrupt|blame|bleeding|blind|bomb|bother|broke|bug|bugs|burden|cancer|careless|cheat|cheated|cheating|collapse|complain|complaint|confused|confusing|corrupt|corruption|crash|creepy|crime|criminal|cruel|damage|damaged|danger|dangerous|deadly|debt|defeat|defeated|denied|depressed|depressing|depression|desperate|destroy|destroyed|dirty|disagree|discrimination|disgrace|dislike|dread|dull|embarrassed|embarrassing|enemy|error|exhausted|failure|false|fault|fired|flop|fool|foolish|forgotten|frustrated|frustrating|frustration|funeral|grief|guilty|harm|harsh|headache|heartbroken|helpless|horror|hostile|ignorant|ignore|ignored|ill|illegal|impossible|injured|injury|insult|irritating|jail|jealous|junk|lazy|lonely|loser|loss|lousy|mediocre|miserable|mistake|mistakes|murder|nasty|negative|nervous|noisy|nonsense|offensive|outrage|outraged|panic|penalty|pity|poison|pointless|poverty|prison|protest|punish|rage|rant|regret|reject|rejected|ruin|ruined|rude|sadness|scandal|scare|scary|screwed|selfish|shock|shocked|shocking|shooting|silly|sorrow|stress|stressed|stressful|struggle|stuck|suffer|suffering|tears|terror|terrorist|threat|tragedy|tragic|trouble|unfair|unhappy|unlucky|unsafe|victim|violence|violent|vomit|weak|weakness|worthless|wound|yell|hungover|sucks so bad',
    neg2: "hate|hated|worst|terrible|horrible|awful|disgusting|pathetic|scam|scammer|fraud|rubbish|unacceptable|don't buy|dont buy|do not buy|waste of money|never buy|never arrived|total crap|racist|toxic|evil|disaster|nightmare|furious|disgusted|dreadful|suicide|devastated|devastating|heartbreaking|hateful|despise|awful service|worst ever",
    laugh: 'lol|lool|lmao|lmfao|rofl|haha|hahaha|hehe|hihi|lul|kek|kekw|omegalul|lolol',
    not: "not|no|never|don't|dont|doesn't|doesnt|didn't|didnt|isn't|isnt|wasn't|wasnt|aren't|arent|can't|cant|couldn't|couldnt|won't|wont|wouldn't|wouldnt|ain't|aint|nothing|hardly|without",
    none: 'like this|like that|looks like|feel like|just like|pretty much|no one|for sure|kind of|kinda',
    pos0: 'like|likes|liked|hope|win|won|winning|fire|lit|hot|free|fast|quick|clean|soft|want|want it|i want|need this|yes|yess|yesss|true|agree|support|welcome|ready|heart|party|fan|fancy|fine|top|dream|dreams|birthday|holiday|weekend|friend|friends|strong|safe|secure|special|bright|pure|gift|heaven|wish|wishes|wonder|king|queen|based|pog|hype|hyped',
    neg0: 'miss|missed|missing|hard|difficult|sick|dead|lost|lose|losing|fight|fighting|late|delay|delayed|cancel|cancelled|damn|hell|fuck|fucking|shit|wtf|nah|nope|weird|joke|alone|empty|doubt|concern|concerned|issue|problem|lack|ratio|mid|crap',
  },
  es: {
    pos2: 'excelente|genial|increible|maravilloso|maravillosa|perfecto|perfecta|buenisimo|buenisima|me encanta|me encanto|encanta|hermoso|hermosa|precioso|preciosa|brutal|buenardo|bestial|epico|epica|chingon|chido|bacan|lo maximo|la mejor|el mejor|te amo|lo amo|que bueno|que bonito|muy bueno|muy buena|impresionante|espectacular|idolo|maquina|goat',
    pos: 'bueno|buena|buenos|buenas|bien|bonito|bonita|lindo|linda|gracias|feliz|guapo|guapa|fino|mola|me gusta|gusta|gusto|animo|grande|vamos|vamo|dale|bravo|felicidades|enhorabuena|mejor|amo|amor|quiero|lo quiero|chulo|guay|barato|rico|rica|delicioso|divertido|gracioso|suerte|ganamos|gano|ole|olee|aguante|genio|wow|bendiciones|orgullo|orgulloso|tremendo|gg|vale la pena',
    neg: 'malo|mala|mal|peor|triste|aburrido|aburre|caro|feo|fea|lento|decepcion|decepcionado|decepcionante|verguenza|cagada|cagaste|inutil|lamentable|lastima|pena|molesto|enojado|enfadado|miedo|falso|mentira|mentiroso|robo|problema|nefasto|flojo|malisimo|cansado|harto|perdimos|perdio|manco|noob|tonto|idiota|estupido|pendejo|ridiculo|mierda|basura|puto|joder|nunca mas|no sirve|no me gusta|que mal|rip|sad|nooo',
    neg2: 'horrible|asco|que asco|pesimo|pesima|terrible|fatal|estafa|fraude|odio|lo odio|una mierda|vaya mierda|basura total|da asco|no compren',
    laugh: 'jaja|jajaja|jeje|jejeje|jiji|xd|lol|ajaj|ajajaj',
    not: 'no|nunca|jamas|ni|tampoco|sin|nada',
    none: 'no se|no sé|sin duda|no mames|ni modo|de nada',
  },
  pt: {
    pos2: 'otimo|otima|maravilhoso|maravilhosa|perfeito|perfeita|excelente|amei|adorei|incrivel|sensacional|top demais|muito bom|muito boa|lindo demais|brabo|braba|fenomenal|espetacular|melhor do mundo|apaixonada|apaixonado',
    pos: 'bom|boa|lindo|linda|gostei|gosto|amo|show|massa|obrigado|obrigada|valeu|vlw|parabens|feliz|legal|bonito|bonita|demais|barato|gostoso|gostosa|delicia|curti|maneiro|irado|fofo|fofa|sucesso|vamos|bora|mito|craque|fera|orgulho|quero|ganhamos|sim|ameii|uau',
    neg: 'ruim|triste|chato|chata|caro|lixo|merda|porcaria|decepcao|decepcionado|decepcionada|fraco|fraca|pior|raiva|mentira|vergonha|lento|demora|feio|feia|droga|saco|medo|cansado|cansada|perdemos|perdeu|nao gostei|mal|errado|burro|idiota|bosta|nojo|absurdo|golpe|furada|pena|infelizmente',
    neg2: 'pessimo|pessima|horrivel|odeio|nojento|vergonhoso|golpista|fraude|lixo total|nunca mais|nao comprem',
    laugh: 'kkk|kkkk|rsrs|rsrsrs|kkkj|hahaha|haha|huehue|ksks|kakaka',
    not: 'nao|nunca|nem|jamais|sem|nada',
  },
  fr: {
    pos2: "genial|excellent|parfait|parfaite|magnifique|merveilleux|merveilleuse|j'adore|adore|incroyable|sublime|trop bien|trop beau|trop belle|le meilleur|la meilleure|formidable|extraordinaire|superbe|je t'aime|chef-d'oeuvre|au top",
    pos: "bravo|merci|cool|bien|bon|bonne|beau|belle|joli|jolie|content|contente|heureux|heureuse|ouf|aime|j'aime|sympa|chouette|felicitations|trop fort|fort|meilleur|mignon|mignonne|delicieux|drole|rigolo|plaisir|vive|allez|oui|enfin|gg|wow|stylé|style|canon|kiffe|jkiffe|je kiffe|pas mal|pas cher",
    neg: "nul|nulle|mauvais|mauvaise|triste|decu|decue|decevant|ennuyeux|chiant|cher|chere|honte|pire|merde|naze|pourri|dommage|malheureusement|marre|fatigue|peur|faux|mensonge|probleme|bete|debile|moche|lent|retard|arnaque|putain|rip|relou|degueu|bof|nan|pas bien|pas bon|pas terrible|c'est nul",
    neg2: 'horrible|deteste|je deteste|degoutant|nullissime|catastrophe|scandale|escroquerie|affreux|honteux|a fuir',
    laugh: 'mdr|mdrr|ptdr|xptdr|lol|haha|hahaha|hihi|jpp',
    not: 'pas|jamais|rien|sans|aucun|aucune|ni',
  },
  de: {
    pos2: 'toll|geil|klasse|wunderbar|perfekt|genial|hammer|spitze|fantastisch|großartig|grossartig|mega|liebe es|ich liebe|wunderschon|hervorragend|ausgezeichnet|unglaublich|der beste|die beste|das beste|sehr gut',
    pos: 'gut|cool|danke|lieben|liebe|stark|lecker|hubsch|glucklich|freue|freu mich|froh|bravo|gluckwunsch|gratuliere|nice|schick|witzig|lustig|endlich|wow|empfehlen|empfehlenswert|bester|beste|sympathisch|gerne|gern|yeah|passt|vielen dank',
    neg: 'schlecht|mist|doof|blod|traurig|langweilig|teuer|schade|enttauscht|enttauschend|peinlich|nervig|nervt|argerlich|wutend|leider|falsch|dumm|bloed|hasslich|angst|kaputt|langsam|scheiß|scheiss|scheiße|scheisse|kacke|sorry|müde|mude|nein|fehler|verloren|verlieren|luge|lugen|sauer',
    neg2: 'hasse|hass|schrecklich|furchtbar|katastrophe|betrug|abzocke|mull|ekelhaft|widerlich|grauenhaft|katastrophal|unverschamt|erbarmlich|das letzte',
    laugh: 'haha|hahaha|lol|xd|hehe|lach',
    not: 'nicht|kein|keine|keinen|keiner|nie|niemals|nichts|ohne|nix',
  },
  it: {
    pos2: 'bellissimo|bellissima|ottimo|ottima|perfetto|perfetta|fantastico|fantastica|stupendo|stupenda|meraviglioso|meravigliosa|bravissimo|bravissima|adoro|eccellente|spettacolare|favoloso|incredibile|magnifico|il migliore|la migliore|ti amo',
    pos: 'bello|bella|belli|belle|bravo|brava|bravi|grazie|amo|felice|figo|figa|fico|grande|evviva|complimenti|buono|buona|bene|carino|carina|divertente|forte|forza|auguri|simpatico|contento|contenta|bellezza|wow|daje|dai|grandissimo|godo|vai|evvai|piace|mi piace|gentile|migliore',
    neg: 'brutto|brutta|brutti|triste|noioso|noiosa|caro|vergogna|delusione|deluso|delusa|peggio|peggiore|merda|purtroppo|paura|stanco|stanca|sbagliato|falso|bugia|problema|lento|stupido|idiota|cretino|ridicolo|pessima figura|cazzo|palle|basta|mannaggia|uffa|peccato|inutile|non mi piace',
    neg2: 'pessimo|pessima|orribile|schifo|che schifo|schifoso|schifosa|odio|truffa|vergognoso|disastro|orrendo|terribile|ladri',
    laugh: 'ahah|ahahah|haha|hahaha|lol|xd|ahahahah',
    not: 'non|mai|nessuno|niente|senza|nulla',
  },
  ar: {
    pos2: 'رائع|رائعه|روعه|ممتاز|ممتازه|تحفه|مبدع|عظيم|احبك|احبه|احبها|ما شاء الله|ماشاء الله|ماشالله|افضل|اجمل|خرافي|جبار|فنان|مذهل',
    pos: 'جميل|جميله|حلو|حلوه|شكرا|شكرًا|مشكور|احب|حب|مبروك|سعيد|سعيده|فخور|يسلمو|يسلم|تسلم|الحمدلله|الحمد لله|بطل|نجاح|فوز|مميز|مميزه|جيد|جيده|لذيذ|ابداع|راقي|كويس|زين|يا سلام|الله الله|برافو|تبارك الله|الله يعطيك العافيه',
    neg: 'سيء|سيئ|سيئه|حزين|حزينه|غالي|قبيح|مزعج|تعبان|ظلم|غبي|خساره|للاسف|مع الاسف|الاسف|فشل|فاشل|حرام|مشكله|كارثه|ضعيف|خايف|زعلان|قهر|ملل|ممل|مو زين|مش كويس|حسبي الله|ضد|حرب|قتل|موت|دمار|ارهاب|عيب',
    neg2: 'كذب|كذاب|كذابين|زفت|اكره|مقرف|خايس|وسخ|نصب|نصاب|حرامي|زباله|تافه|حقير|لعنه|اسوا|فضيحه|مهزله',
    laugh: 'ههه|هههه|هه|خخخ|lol',
    cry: 'ابكي',
    not: 'لا|لم|لن|ليس|ليست|مش|مو|غير|بدون',
  },
  hi: {
    pos2: 'शानदार|जबरदस्त|कमाल|बेहतरीन|बहुत अच्छा|बहुत अच्छी|लाजवाब|zabardast|jabardast|shandaar|shandar|kamaal|bahut accha|bahut acha|bahut badhiya|ekdum mast|lajawab|behtareen|superb',
    pos: 'अच्छा|अच्छी|अच्छे|बढ़िया|बढ़िया|मस्त|प्यार|धन्यवाद|शुक्रिया|खुश|सुंदर|सुन्दर|वाह|बधाई|शुभकामनाएं|जय|accha|acha|achha|achchha|badhiya|badiya|mast|wah|waah|pyaar|pyar|khush|sundar|dhanyavad|dhanyawad|shukriya|badhai|jai|op|sahi|sahi hai|mazaa|maza|mazza|badia|best hai|thanks bhai|love you',
    neg: 'बुरा|बुरी|बेकार|घटिया|गंदा|गंदी|दुख|दुखी|उदास|बकवास|झूठ|धोखा|महंगा|शर्म|गुस्सा|bekar|bekaar|ghatiya|bakwas|bakwaas|bura|buri|ganda|gandi|jhooth|jhoot|dhokha|faltu|sharam|gussa|nafrat|dukh|udaas|mehnga|mehenga|bura laga|chor|pagal|bewakoof',
    neg2: 'नफरत|शर्मनाक|बहुत बुरा|bahut bura|bahut bekar|sharmnak|chutiya|bakwaas hai',
    laugh: 'हाहा|haha|hahaha|lol|lmao',
    not: 'नहीं|नही|मत|ना|न|nahi|nahin|nai|mat|na',
  },
  zh: {
    pos2: '666|yyds|绝了|绝绝子|太棒了|好评|五星好评|强烈推荐|完美|超赞|超讚|太好了|太好看|太好吃|爱了|爱了爱了|爱死|封神|牛逼|牛b|nb|tql|太强了|无敌|神作|惊艳|绝美|太美了|好喜欢|超喜欢|超好|超值|物超所值|性价比高|非常好|非常满意|很满意|特别好|好評|讚|推薦|超愛|必买|必入|回购|还会再来|下次还来|awsl|爷青回|赞赞赞|优秀|精彩|一级棒|太可爱|好可爱|可爱|好美|很美|美哭|帅|好帅|太帅|满分|给力|真香',
    pos: '好|不错|很好|喜欢|推荐|好吃|好看|好用|好听|满意|值得|划算|实惠|便宜|快乐|开心|高兴|漂亮|美丽|干净|舒服|舒适|方便|热情|周到|耐心|赞|点赞|棒|厉害|强|牛|优惠|新鲜|美味|香|好喝|正品|质量好|质感|高级|好玩|有趣|精致|温馨|安静|宽敞|准时|很快|速度快|发货快|送得快|谢谢|感谢|辛苦了|支持|加油|喜歡|開心|漂亮|乾淨|方便|謝謝|感謝|滿意|還不錯|挺好|蛮好|可以|还行|还可以|不错哦|想要|求链接|上车|下单|已下单|已拍|拍了|买了|入手|冲冲冲|抢到了|稳|顶|前排支持|哇|哇塞|好耶|期待|恭喜|祝福|笑死|笑死我了|xswl|有意思|感动|暖心|治愈|好甜|甜|酷|炸裂|燃|燃起来了|上头|神仙|宝藏|心动|种草|值|物美价廉|好好|好棒|很棒|很赞|太赞|真好|真棒|爱|爱你|喜欢你|比心|么么哒|冲鸭|冲啊',
    neg: '差|慢|难吃|难看|难用|脏|贵|太贵|失望|一般|凉了|冷了|太慢|很慢|等了|晚了|送错|少送|漏送|少了|太少|量少|太咸|太淡|油腻|难喝|吵|破|旧|坏|烂|坏了|破了|假|假货|骗|坑|退货|退款|投诉|后悔|不满|不满意|不好|不好吃|不好看|不好用|不新鲜|不值|不推荐|再也不|不会再|生气|无语|无聊|没意思|难受|丑|下头|拉胯|离谱|辣鸡|智商税|割韭菜|翻车|差劲|糟糕|郁闷|烦|烦死了|累|麻烦|问题|态度差|态度不好|服务差|质量差|隔音差|异味|蟑螂|潮湿|发霉|简陋|陈旧|老旧|不行|不怎么样|一般般|太差|很差|非常差|差差|缺|贵了|不划算|不卫生|不干净|不热情|不方便|失望透顶|心疼|可惜|遗憾|呵呵|？？？|???|不爽|太难',
    neg2: '垃圾|差评|一星|太差了|垃圾店|骗子|坑爹|恶心死了|再也不会|极差|极其差|最差|超级差|非常失望|太失望了|千万别买|别买|不要买|虚假宣传|黑店|滚|去死|傻逼|sb|恶心|气死|气死了|差評|垃圾垃圾|恶劣|欺骗|忽悠|骗钱|坑人|退钱|举报|別買|不要買',
    laugh: '哈哈|哈哈哈|嘿嘿|嘻嘻|233|2333|hhh|hhhh|噗|笑',
    cry: '呜呜|呜呜呜|泪目|哭了|破防了|破防|qaq|嘤嘤嘤',
    not: '不|没|没有|别|无|未|沒|別|無|不是|并不|並不|不太|不够',
    none: '你好|您好|好的|好像|好多|好几|好久|只好|刚好|正好|好了吗|好不好|要不要|差不多|差点|出差|相差|快递|快点|美国|美元|美团|美式|可是|可能|可以吗|能不能|是不是|不知道|不会吧|不客气|没关系|没事|没问题|不用谢|不过|垃圾桶|小时|大小|小心|小姐|小哥|小区|一般来说|等等|问题是|冲突|笑话|破解|好奇|香港|草莓|精神|神经|牛肉|牛奶|牛排|棒球|假期|放假|请假|贵宾|宝贵|慢慢|时差|累计|勉强',
  },
  ja: {
    pos2: '最高|神|尊い|素晴らしい|すばらしい|完璧|天才|大好き|優勝|感動|88888|888|神回|最強|やばすぎ|ヤバすぎ|かわいすぎ|可愛すぎ|うますぎ|すごすぎ|ありがとうございます|おめでとう',
    pos: 'すごい|凄い|スゴイ|すげー|すげえ|かわいい|可愛い|カワイイ|好き|ありがとう|うまい|美味しい|おいしい|いいね|いい|良い|良かった|よかった|きれい|綺麗|楽しい|楽しかった|嬉しい|うれしい|面白い|おもしろい|欲しい|ほしい|買います|買った|ポチった|安い|お得|エモい|かっこいい|格好いい|カッコイイ|イケメン|素敵|すてき|ステキ|助かる|癒される|癒し|おすすめ|オススメ|さすが|流石|上手|うまっ|やった|やったー|わーい|ナイス|グッド|満足|幸せ|推し|似合う|似合ってる|悪くない|笑った|わろた',
    neg: '最悪|最低|つまらない|つまんない|ひどい|酷い|嫌い|うざい|ウザい|ダメ|だめ|駄目|微妙|残念|高い|悲しい|ムカつく|むかつく|がっかり|まずい|不味い|遅い|壊れ|返品|偽物|よくない|良くない|おいしくない|面白くない|買わない|要らない|いらない|下手|へた|怖い|こわい|めんどくさい|面倒|うるさい|疲れた|しんどい|辛い|つらい|だるい|痛い|寒い|草生えない|萎える|ショック|失敗|不満|不便|汚い|きたない|ダサい|ださい|炎上|嘘',
    neg2: 'クソ|くそ|糞|ゴミ|ごみ|詐欺|最悪すぎ|ふざけるな|ふざけんな|死ね|しね|キモい|きもい|気持ち悪い|許せない|二度と',
    laugh: '草|くさ|ワロタ|ウケる|うける|爆笑|ww|www',
    cry: '泣いた|泣ける|泣|涙|ぴえん|つらたん',
    none: 'いいえ|どうでもいい|いいの|草原|草花|草木|高い所|高さ',
  },
  ko: {
    pos2: '최고|대박|짱|꿀잼|강추|레전드|완벽|미쳤다|미쳤어|갓|존맛|존잘|존예|개좋|사랑해|사랑합니다|최애|명작|감동|훌륭|엄청 좋|너무 좋|진짜 좋',
    pos: '좋|사랑|감사|고마워|고맙|예쁘|예뻐|이쁘|이뻐|귀여|귀엽|멋지|멋져|멋있|재밌|재미있|재미 있|추천|행복|굿|싸다|싸네|저렴|맛있|인정|축하|기대|설레|신기|힐링|대단|잘생|잘했|잘한다|잘 봤|잘봤|응원|화이팅|파이팅|만족|편하|편해|깔끔|깨끗|친절|빠르|빨라|훈훈|웃기|웃겨|웃김|짱짱|우와|오오|헐 대박|오 좋|구매|샀어|살게|갖고 싶|사고 싶',
    neg: '별로|싫|노잼|재미없|재미 없|짜증|실망|구려|구리|비싸|거짓말|환불|화나|화가|지루|답답|아깝|아까워|망했|망함|나쁘|나쁜|어이없|후회|불편|맛없|맛 없|안 좋|좋지 않|좋지않|안좋|아쉽|아쉬|못생|그닥|그다지|글쎄|애매|느리|늦|고장|불친절|더럽|시끄럽|힘들|슬프|슬퍼|무섭|외롭|불쌍|유치|뻔하|지겹|피곤|헐|에휴|하아|ㅡㅡ|-_-|ㅉㅉ|쯧',
    neg2: '최악|쓰레기|사기|개노잼|역겹|토나|극혐|혐오|병신|ㅄ|ㅂㅅ|씨발|ㅅㅂ|시발|개같|ㅈ같|미친놈|돈 아깝|돈아깝|시간 아깝|시간아깝|비추',
    laugh: 'ㅋㅋ|ㅋㅋㅋ|ㅎㅎ|ㅎㅎㅎ|크크|킄',
    cry: 'ㅠㅠ|ㅜㅜ|ㅠㅜ|ㅜㅠ|ㅠ|ㅜ|흑흑|ㅠㅠㅠ',
    none: '안녕|좋아요 눌러|별로 안',
  },
  id: {
    pos2: 'mantap|mantul|keren banget|bagus banget|luar biasa|gokil|juara|the best|sempurna|terbaik|rekomended|rekomen',
    pos: 'bagus|keren|suka|cantik|ganteng|enak|murah|terima kasih|makasih|makasi|asik|asyik|seru|puas|lucu|imut|sukses|semangat|hebat|sip|mau|pengen|beli|gaskeun|cakep|kece|bangga|senang|senyum|setuju|jos|amin|aamiin|selamat|mantab',
    neg: 'jelek|buruk|mahal|kecewa|parah|zonk|lambat|rusak|benci|males|malas|payah|nyesel|sedih|marah|kesal|capek|bosan|bosen|ribet|lemot|nggak bagus|gak bagus|ga bagus|ampas|receh|bohong',
    neg2: 'penipu|tipu|sampah|palsu|nipu|kecewa banget|parah banget|jelek banget|jangan beli|anjing|bangsat|goblok|tolol',
    laugh: 'wkwk|wkwkwk|wkwkw|awokawok|kwkw|haha|hahaha|xixi|hehe|ngakak',
    not: 'tidak|tak|gak|nggak|ga|enggak|bukan|belum|jangan',
  },
  th: {
    pos2: 'สุดยอด|เยี่ยม|ปังมาก|ดีมาก|สวยมาก|อร่อยมาก|ชอบมาก|รักเลย|เริ่ด|ปัง',
    pos: 'ดี|สวย|ชอบ|น่ารัก|อร่อย|ขอบคุณ|แจ่ม|รัก|เก่ง|คุ้ม|ถูกดี|สนุก|ว้าว|โอเค|ตลก|เท่|หล่อ|มีความสุข|ประทับใจ',
    neg: 'แย่|ห่วย|เสียดาย|ผิดหวัง|แพง|ช้า|น่าเบื่อ|ไม่ดี|ไม่ชอบ|ไม่สวย|ไม่อร่อย|เศร้า|โกรธ|เบื่อ|เสีย|พัง|ไม่คุ้ม',
    neg2: 'เกลียด|โกง|ขยะ|แย่มาก|ห่วยแตก|หลอกลวง|ของปลอม|โคตรแย่',
    laugh: 'ฮ่าฮ่า|ฮาฮา|ตลกมาก',
    not: 'ไม่',
    none: 'สวัสดี|ดีกว่า|ดีไหม',
  },
  vi: {
    pos2: 'tuyệt vời|xuất sắc|quá đẹp|đỉnh|đỉnh cao|hoàn hảo|yêu quá|rất tốt|rất đẹp',
    pos: 'đẹp|thích|cảm ơn|cám ơn|xinh|dễ thương|hay quá|giỏi|hài lòng|ủng hộ|xịn|ngon quá',
    neg: 'xấu|đắt|thất vọng|không thích|không tốt|không đẹp|chán quá|buồn quá|tệ quá',
    neg2: 'lừa đảo|hàng giả|quá tệ|tệ hại',
    laugh: 'hihi|kaka',
    not: 'không|chẳng|chưa|đừng',
  },
  ru: {
    pos2: 'класс|круто|супер|отлично|прекрасно|шикарно|огонь|обожаю|великолепно|лучший|лучшая|топ|восторг|потрясающе',
    pos: 'люблю|спасибо|красиво|красивый|красивая|хорошо|хороший|молодец|нравится|классно|клево|приятно|рад|рада|вкусно|удобно|здорово|ура|браво|круть|норм|неплохо',
    neg: 'плохо|плохой|скучно|грустно|бесит|дорого|фу|кринж|хуже|жаль|обидно|отвратительно|медленно|проблема|фигня|ерунда|больно',
    neg2: 'ужас|ужасно|отстой|говно|развод|обман|мошенники|кошмар|позор|ненавижу|худший',
    laugh: 'ахах|ахаха|хаха|хахаха|лол|ржу|ахахах',
    not: 'не|нет|ни|без',
  },
  tr: {
    pos2: 'harika|mükemmel|muhteşem|süper|efsane|bayıldım',
    pos: 'güzel|teşekkürler|teşekkür|sağol|tatlı|iyi|beğendim|seviyorum|başarılı|bravo|helal|tebrikler|ucuz',
    neg: 'kötü|pahalı|berbat|sıkıcı|üzgün|yavaş|rezalet|saçma|maalesef',
    neg2: 'nefret|dolandırıcı|sahte|iğrenç|rezil',
    laugh: 'jsjsjs|sjsjsj|ahahah|haha',
    not: 'değil|yok',
  },
};
