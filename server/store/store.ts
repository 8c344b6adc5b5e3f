// The backend's storage: one store per aggregate over one SQL layer (sql.ts). SQLite is the embedded
// default; PostgreSQL is used when DATABASE_URL is set. Both run the same migrations and the same suite.
import { AnalyticsStore } from './analytics-store';
import { AlertsStore } from './alerts-store';
import { CaptionLinesStore } from './caption-lines-store';
import { CommentsStore } from './comments-store';
import { ComplianceStore } from './compliance-store';
import { HostEventsStore } from './host-events-store';
import { migrate } from './migrations';
import { ModerationStore } from './moderation-store';
import { NotesStore } from './notes-store';
import { OrdersStore } from './orders-store';
import { PitchStore } from './pitch-store';
import { ProductsStore } from './products-store';
import { ReplayStore } from './replay-store';
import { RecordingsStore } from './recordings-store';
import { RoomsStore } from './rooms-store';
import type { Dialect, SqlDatabase } from './sql';
import { PostgresDatabase } from './sql-postgres';
import { SqliteDatabase } from './sql-sqlite';
import { ThresholdsStore } from './thresholds-store';

export type { LiveRoomRow, StoredRollup } from './analytics-store';
export type { NewComment } from './comments-store';
export type { HostEvent } from './host-events-store';
export type { ReplayCommentRow, ReplayRoomRow, StoredSummary } from './replay-store';
export type { ModerationEntry, ModerationKind } from './moderation-store';
export type { NewOrder, PlaceOrderResult } from './orders-store';
export type { PatchProductResult, ProductChange } from './products-store';

export class StudioStore {
  readonly kind: Dialect;
  readonly rooms: RoomsStore;
  readonly products: ProductsStore;
  readonly orders: OrdersStore;
  readonly comments: CommentsStore;
  readonly moderation: ModerationStore;
  readonly hostEvents: HostEventsStore;
  readonly analytics: AnalyticsStore;
  readonly alerts: AlertsStore;
  readonly thresholds: ThresholdsStore;
  readonly notes: NotesStore;
  readonly captionLines: CaptionLinesStore;
  readonly replay: ReplayStore;
  readonly recordings: RecordingsStore;
  readonly pitch: PitchStore;
  readonly compliance: ComplianceStore;

  constructor(private readonly db: SqlDatabase) {
    this.kind = db.dialect;
    this.rooms = new RoomsStore(db);
    this.products = new ProductsStore(db);
    this.orders = new OrdersStore(db);
    this.comments = new CommentsStore(db);
    this.moderation = new ModerationStore(db);
    this.hostEvents = new HostEventsStore(db);
    this.analytics = new AnalyticsStore(db);
    this.alerts = new AlertsStore(db);
    this.thresholds = new ThresholdsStore(db);
    this.notes = new NotesStore(db);
    this.captionLines = new CaptionLinesStore(db);
    this.replay = new ReplayStore(db);
    this.recordings = new RecordingsStore(db);
    this.pitch = new PitchStore(db);
    this.compliance = new ComplianceStore(db);
  }

  /** Applies pending migrations; returns the schema version afterwards. */
  migrate(): Promise<number> {
    return migrate(this.db);
  }

  /** Safe to call twice. */
  close(): Promise<void> {
    return this.db.close();
  }
}

export interface OpenStoreOptions {
  /** PostgreSQL when set; the SQLite file otherwise. */
  databaseUrl?: string | undefined;
  sqliteFile: string;
}

/** The SQL layer on PostgreSQL when `databaseUrl` is set, else on the SQLite file. */
export async function openSql(options: OpenStoreOptions): Promise<SqlDatabase> {
  return options.databaseUrl
    ? PostgresDatabase.connect(options.databaseUrl)
    : SqliteDatabase.open(options.sqliteFile);
}

/** Opens the store (not migrated yet): PostgreSQL when `databaseUrl` is set, else the SQLite file. */
export async function openStore(options: OpenStoreOptions): Promise<StudioStore> {
  return new StudioStore(await openSql(options));
}
