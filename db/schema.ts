/**
 * The whole data model of the competition (shared/DOMAIN.md).
 *
 * Conventions
 * - Instants are stored as integer milliseconds since the epoch, UTC (`mode: "timestamp_ms"`).
 * - Calendar dates that have no time of day (decision dates, validity, holidays, timeline days)
 *   are ISO strings "YYYY-MM-DD", interpreted in Asia/Ho_Chi_Minh.
 * - Points are integers in tenths of a point (`*_tenths`), so 40 points = 400.
 * - Rows that people act on concurrently carry a `version` for optimistic locking.
 */
import { sql } from "drizzle-orm";
import {
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
  type AnySQLiteColumn,
} from "drizzle-orm/sqlite-core";

const createdAt = () =>
  integer("created_at", { mode: "timestamp_ms" })
    .notNull()
    .default(sql`(cast(unixepoch('subsec') * 1000 as integer))`);
const updatedAt = () =>
  integer("updated_at", { mode: "timestamp_ms" })
    .notNull()
    .default(sql`(cast(unixepoch('subsec') * 1000 as integer))`);

/* ------------------------------------------------------------------ */
/* Bookkeeping                                                         */
/* ------------------------------------------------------------------ */

/** Key/value facts about this database: reference data version, demo seeded, ... */
export const appMeta = sqliteTable("app_meta", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
  updatedAt: updatedAt(),
});

/* ------------------------------------------------------------------ */
/* Administrative geography                                            */
/* ------------------------------------------------------------------ */

/** The three regions of the regional rounds. */
export const regions = sqliteTable("regions", {
  code: text("code").primaryKey(), // BAC | TRUNG_TAY_NGUYEN | NAM
  name: text("name").notNull(),
  position: integer("position").notNull(),
});

export const UNIT_LEVELS = ["province", "district", "commune"] as const;
export type UnitLevel = (typeof UNIT_LEVELS)[number];

/**
 * Administrative units: provinces, districts, communes. Units carry validity dates:
 * the 63 provinces end on 2025-06-30, the 34 provinces start on 2025-07-01.
 * A round points at the unit it was held for, so old rounds keep old units.
 */
export const adminUnits = sqliteTable(
  "admin_units",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    code: text("code").notNull(), // official code (mã đơn vị hành chính)
    name: text("name").notNull(), // e.g. "Bắc Ninh"
    kind: text("kind").notNull(), // Tỉnh, Thành phố, Huyện, Quận, Thị xã, Xã, Phường, Thị trấn, Đặc khu
    level: text("level", { enum: UNIT_LEVELS }).notNull(),
    parentId: integer("parent_id").references((): AnySQLiteColumn => adminUnits.id),
    regionCode: text("region_code").references(() => regions.code),
    validFrom: text("valid_from").notNull(), // YYYY-MM-DD
    validTo: text("valid_to"), // YYYY-MM-DD inclusive, null = still valid
    /** For units created by a merger: the units they replaced (JSON array of codes). */
    successorOf: text("successor_of", { mode: "json" }).$type<string[]>(),
    /** Search key: lower case, no diacritics, đ folded to d. */
    searchKey: text("search_key").notNull(),
  },
  (t) => [
    uniqueIndex("admin_units_code_from").on(t.level, t.code, t.validFrom),
    index("admin_units_parent").on(t.parentId),
  ],
);

/** Public holidays skipped by working-day deadlines (in addition to weekends). */
export const holidays = sqliteTable("holidays", {
  date: text("date").primaryKey(), // YYYY-MM-DD
  name: text("name").notNull(),
});

/* ------------------------------------------------------------------ */
/* Reference lists                                                     */
/* ------------------------------------------------------------------ */

export const productGroups = sqliteTable("product_groups", {
  id: integer("id").primaryKey(), // 1..4, as in the circular
  name: text("name").notNull(),
  shortName: text("short_name").notNull(),
});

export const DOC_REQUIREMENTS = ["required", "optional", "expected_group2", "higher_level"] as const;

/** Typed dossier slots (phiếu đăng ký, bản thuyết minh, ảnh, ...). */
export const documentTypes = sqliteTable("document_types", {
  code: text("code").primaryKey(),
  name: text("name").notNull(),
  description: text("description").notNull(),
  requirement: text("requirement", { enum: DOC_REQUIREMENTS }).notNull(),
  minFiles: integer("min_files").notNull().default(1),
  maxFiles: integer("max_files").notNull().default(1),
  /** Accepted content kinds: "pdf", "image" or both. */
  accepts: text("accepts", { mode: "json" }).$type<("pdf" | "image")[]>().notNull(),
  position: integer("position").notNull(),
});

/** A versioned scoring sheet; the official one has groups I-IV (40/40/10/10). */
export const criteriaSheets = sqliteTable(
  "criteria_sheets",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    code: text("code").notNull(),
    version: integer("version").notNull(),
    name: text("name").notNull(),
    /** Null = applies to every product group. */
    productGroupId: integer("product_group_id").references(() => productGroups.id),
    isOfficial: integer("is_official", { mode: "boolean" }).notNull().default(false),
    /** Whether judges enter points per sub-criterion (true) or per group only (false). */
    scoreSubCriteria: integer("score_sub_criteria", { mode: "boolean" }).notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("criteria_sheets_code_version").on(t.code, t.version)],
);

/** Groups (parentId null) and optional sub-criteria of a sheet. */
export const criteria = sqliteTable(
  "criteria",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    sheetId: integer("sheet_id")
      .notNull()
      .references(() => criteriaSheets.id, { onDelete: "cascade" }),
    parentId: integer("parent_id").references((): AnySQLiteColumn => criteria.id),
    code: text("code").notNull(), // I, II, III, IV, I.1, ...
    name: text("name").notNull(),
    maxTenths: integer("max_tenths").notNull(),
    position: integer("position").notNull(),
  },
  (t) => [uniqueIndex("criteria_sheet_code").on(t.sheetId, t.code)],
);

/* ------------------------------------------------------------------ */
/* People                                                              */
/* ------------------------------------------------------------------ */

export const users = sqliteTable(
  "users",
  {
    id: text("id").primaryKey(),
    email: text("email").notNull(), // stored lower-cased
    passwordHash: text("password_hash"),
    fullName: text("full_name").notNull(),
    phone: text("phone"),
    /** Title or academic rank, e.g. "PGS.TS", "Phó Giám đốc Sở". */
    title: text("title"),
    isSystemAdmin: integer("is_system_admin", { mode: "boolean" }).notNull().default(false),
    status: text("status", { enum: ["active", "disabled"] }).notNull().default("active"),
    locale: text("locale", { enum: ["vi", "en"] }).notNull().default("vi"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("users_email").on(t.email)],
);

/** Lucia sessions. expires_at is in unix seconds, as the lucia adapter writes it. */
export const sessions = sqliteTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expiresAt: integer("expires_at").notNull(),
  },
  (t) => [index("sessions_user").on(t.userId)],
);

/** One-time password reset links; only the SHA-256 of the token is stored. */
export const passwordResetTokens = sqliteTable("password_reset_tokens", {
  tokenHash: text("token_hash").primaryKey(),
  userId: text("user_id")
    .notNull()
    .references(() => users.id, { onDelete: "cascade" }),
  expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
  usedAt: integer("used_at", { mode: "timestamp_ms" }),
  createdAt: createdAt(),
});

export const ORG_LEVELS = ["commune", "district", "province", "region", "national"] as const;
export type OrgLevel = (typeof ORG_LEVELS)[number];

/**
 * Organizing bodies: Phòng Kinh tế (district), Sở Công Thương / Trung tâm Khuyến công (province),
 * the Ministry's department (region, nation).
 */
export const organizingBodies = sqliteTable(
  "organizing_bodies",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    name: text("name").notNull(),
    level: text("level", { enum: ORG_LEVELS }).notNull(),
    /** The unit the body acts for: its district/commune/province. Null for region and national. */
    unitId: integer("unit_id").references(() => adminUnits.id),
    /** For regional bodies: the region. */
    regionCode: text("region_code").references(() => regions.code),
    email: text("email"),
    phone: text("phone"),
    address: text("address"),
    createdAt: createdAt(),
  },
  (t) => [index("bodies_unit").on(t.unitId)],
);

export const bodyStaff = sqliteTable(
  "body_staff",
  {
    bodyId: integer("body_id")
      .notNull()
      .references(() => organizingBodies.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    position: text("position"), // chức vụ
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.bodyId, t.userId] }), index("body_staff_user").on(t.userId)],
);

/** Invitations by email link: staff of a body, or judges of a council. */
export const invitations = sqliteTable("invitations", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  tokenHash: text("token_hash").notNull().unique(),
  email: text("email").notNull(),
  kind: text("kind", { enum: ["staff", "judge", "member"] }).notNull(),
  bodyId: integer("body_id").references(() => organizingBodies.id, { onDelete: "cascade" }),
  /** For kind "member": the establishment the invited (existing) account is asked to join. */
  establishmentId: integer("establishment_id").references((): AnySQLiteColumn => establishments.id, { onDelete: "cascade" }),
  councilMemberId: integer("council_member_id").references((): AnySQLiteColumn => councilMembers.id, {
    onDelete: "cascade",
  }),
  invitedBy: text("invited_by").references(() => users.id),
  expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
  acceptedAt: integer("accepted_at", { mode: "timestamp_ms" }),
  createdAt: createdAt(),
});

/**
 * Throttles for log-in, sign-up, password reset and invitation acceptance, per account and per
 * client address. Kept in the database so they survive a restart and hold across processes.
 * `key` is e.g. "login:acct:<email>" or "login:ip:<address>".
 */
export const throttles = sqliteTable(
  "throttles",
  {
    key: text("key").primaryKey(),
    /** Failed (or counted) attempts in the current window. */
    count: integer("count").notNull().default(0),
    windowStart: integer("window_start", { mode: "timestamp_ms" }).notNull(),
    /** No attempt is accepted before this instant. */
    blockedUntil: integer("blocked_until", { mode: "timestamp_ms" }),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("throttles_updated").on(t.updatedAt)],
);

/* ------------------------------------------------------------------ */
/* Producers and products                                              */
/* ------------------------------------------------------------------ */

export const LEGAL_TYPES = ["sme", "cooperative", "cooperative_group", "household"] as const;
export type LegalType = (typeof LEGAL_TYPES)[number];

/** Cơ sở công nghiệp nông thôn. */
export const establishments = sqliteTable(
  "establishments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    legalType: text("legal_type", { enum: LEGAL_TYPES }).notNull(),
    name: text("name").notNull(),
    registrationNo: text("registration_no"),
    /** The lowest unit of the address (commune or district), and its province. */
    unitId: integer("unit_id").references(() => adminUnits.id),
    provinceId: integer("province_id").references(() => adminUnits.id),
    street: text("street"),
    representative: text("representative"),
    phone: text("phone"),
    email: text("email"),
    /** Optional bank details, for the prize payment list (issue 14). */
    bankAccountNo: text("bank_account_no"),
    bankName: text("bank_name"),
    bankAccountHolder: text("bank_account_holder"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("establishments_province").on(t.provinceId), index("establishments_unit").on(t.unitId)],
);

export const establishmentMembers = sqliteTable(
  "establishment_members",
  {
    establishmentId: integer("establishment_id")
      .notNull()
      .references(() => establishments.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: text("role", { enum: ["owner", "member"] }).notNull().default("member"),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.establishmentId, t.userId] }), index("est_members_user").on(t.userId)],
);

/** Stored files (bytes on local disk or uploadthing). Never deleted while referenced. */
export const files = sqliteTable(
  "files",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    storage: text("storage", { enum: ["local", "uploadthing"] }).notNull(),
    /** Server-chosen key; never derived from user input. */
    storageKey: text("storage_key").notNull(),
    originalName: text("original_name").notNull(),
    mimeType: text("mime_type").notNull(),
    sizeBytes: integer("size_bytes").notNull(),
    sha256: text("sha256").notNull(),
    uploadedBy: text("uploaded_by").references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("files_storage_key").on(t.storage, t.storageKey), index("files_sha").on(t.sha256)],
);

export const products = sqliteTable(
  "products",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    establishmentId: integer("establishment_id")
      .notNull()
      .references(() => establishments.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    productGroupId: integer("product_group_id")
      .notNull()
      .references(() => productGroups.id),
    description: text("description").notNull().default(""),
    isSet: integer("is_set", { mode: "boolean" }).notNull().default(false),
    archivedAt: integer("archived_at", { mode: "timestamp_ms" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("products_establishment").on(t.establishmentId)],
);

export const productPhotos = sqliteTable(
  "product_photos",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    productId: integer("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    fileId: integer("file_id")
      .notNull()
      .references(() => files.id),
    caption: text("caption"),
    position: integer("position").notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [index("product_photos_product").on(t.productId)],
);

/* ------------------------------------------------------------------ */
/* Rounds                                                              */
/* ------------------------------------------------------------------ */

export const ROUND_LEVELS = ["commune", "district", "province", "region", "national"] as const;
export type RoundLevel = (typeof ROUND_LEVELS)[number];

export const ROUND_STATUSES = [
  "draft",
  "open",
  "intake_closed",
  "scoring",
  "results_review",
  "published",
  "archived",
] as const;
export type RoundStatus = (typeof ROUND_STATUSES)[number];

export interface RoundPrize {
  code: string; // "A", "B", "C", "KK"
  name: string; // "Giải A"
  count: number;
  amountVnd: number;
  mode: "rank" | "council";
}

export const rounds = sqliteTable(
  "rounds",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    bodyId: integer("body_id")
      .notNull()
      .references(() => organizingBodies.id),
    level: text("level", { enum: ROUND_LEVELS }).notNull(),
    /** The unit the round was held for (district/commune/province); null for region and national. */
    unitId: integer("unit_id").references(() => adminUnits.id),
    regionCode: text("region_code").references(() => regions.code),
    year: integer("year").notNull(),
    title: text("title").notNull(),
    status: text("status", { enum: ROUND_STATUSES }).notNull().default("draft"),
    rules: text("rules").notNull().default(""),
    // Timeline (dates in Asia/Ho_Chi_Minh)
    registrationOpensOn: text("registration_opens_on"),
    registrationClosesOn: text("registration_closes_on"),
    dossierScoringFrom: text("dossier_scoring_from"),
    dossierScoringTo: text("dossier_scoring_to"),
    directScoringFrom: text("direct_scoring_from"),
    directScoringTo: text("direct_scoring_to"),
    councilMeetingOn: text("council_meeting_on"),
    announcementOn: text("announcement_on"),
    // Settings (DOMAIN.md "setting"), defaults as given there
    passMarkTenths: integer("pass_mark_tenths").notNull().default(700),
    recognitionCap: integer("recognition_cap"), // null = none
    scoringStages: integer("scoring_stages").notNull().default(1), // 1 or 2
    certificateValidityMonths: integer("certificate_validity_months").notNull().default(36),
    tieBreak: text("tie_break", { mode: "json" })
      .$type<string[]>()
      .notNull()
      .default(sql`'["I","II","vote"]'`),
    discrepancyToleranceTenths: integer("discrepancy_tolerance_tenths").notNull().default(150),
    normalisation: text("normalisation", { enum: ["none"] }).notNull().default("none"),
    minJudgesPerEntry: integer("min_judges_per_entry").notNull().default(3),
    intakeAnswerWorkingDays: integer("intake_answer_working_days").notNull().default(3),
    assignmentMode: text("assignment_mode", { enum: ["all", "by_group", "manual"] })
      .notNull()
      .default("all"),
    requiredDocumentTypes: text("required_document_types", { mode: "json" }).$type<string[]>(),
    criteriaSheetId: integer("criteria_sheet_id").references(() => criteriaSheets.id),
    /** Which lower level's valid recognition an entry needs (null at the lowest level). */
    requiresLevel: text("requires_level", { enum: ROUND_LEVELS }),
    certificateNumberPattern: text("certificate_number_pattern")
      .notNull()
      .default("{seq}/GCN-{level}-{year}"),
    /**
     * Declared prizes, best first (giải A, B, C, khuyến khích): how many, the amount each, and whether
     * they go by rank or by the council's choice (with a reason). Null or empty = no prizes.
     */
    prizes: text("prizes", { mode: "json" }).$type<RoundPrize[]>(),
    /** Whether the council releases judges' comments to the producer after publication (off by default). */
    releaseComments: integer("release_comments", { mode: "boolean" }).notNull().default(false),
    /** Complaints about results: filing window after publication, and the term to answer. */
    complaintWindowWorkingDays: integer("complaint_window_working_days").notNull().default(10),
    complaintAnswerDays: integer("complaint_answer_days").notNull().default(30),
    scoringStartedAt: integer("scoring_started_at", { mode: "timestamp_ms" }),
    publishedAt: integer("published_at", { mode: "timestamp_ms" }),
    version: integer("version").notNull().default(1),
    createdBy: text("created_by").references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("rounds_body").on(t.bodyId),
    index("rounds_unit").on(t.unitId),
    index("rounds_level_year").on(t.level, t.year),
  ],
);

/** Per product group override of the round's scoring sheet (sub-criteria splits). */
export const roundSheets = sqliteTable(
  "round_sheets",
  {
    roundId: integer("round_id")
      .notNull()
      .references(() => rounds.id, { onDelete: "cascade" }),
    productGroupId: integer("product_group_id")
      .notNull()
      .references(() => productGroups.id),
    sheetId: integer("sheet_id")
      .notNull()
      .references(() => criteriaSheets.id),
  },
  (t) => [primaryKey({ columns: [t.roundId, t.productGroupId] })],
);

/* ------------------------------------------------------------------ */
/* Entries and dossiers                                                */
/* ------------------------------------------------------------------ */

export const ENTRY_STATUSES = [
  "draft", // being prepared by the producer
  "nominated", // created by promotion, waiting for the producer to confirm
  "submitted", // locked, waiting for intake
  "needs_completion", // organizer asked for specific items
  "accepted", // valid, will be scored
  "rejected",
  "withdrawn",
  "scored",
  "recognised",
  "not_recognised",
] as const;
export type EntryStatus = (typeof ENTRY_STATUSES)[number];

export const entries = sqliteTable(
  "entries",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    roundId: integer("round_id")
      .notNull()
      .references(() => rounds.id),
    productId: integer("product_id")
      .notNull()
      .references(() => products.id),
    establishmentId: integer("establishment_id")
      .notNull()
      .references(() => establishments.id),
    /** Dossier number shown on the receipt. */
    dossierNo: text("dossier_no"),
    /** Mã số bình chọn, shown on score sheets instead of the producer. */
    votingCode: text("voting_code"),
    status: text("status", { enum: ENTRY_STATUSES }).notNull().default("draft"),
    /** Scoring stage the entry is in (2 = shortlisted in a two-stage round). */
    stage: integer("stage").notNull().default(1),
    /** Promotion: the recognised lower-level entry this one was nominated from. */
    nominatedFromEntryId: integer("nominated_from_entry_id").references((): AnySQLiteColumn => entries.id),
    submittedAt: integer("submitted_at", { mode: "timestamp_ms" }),
    answerBy: text("answer_by"), // YYYY-MM-DD, organizer must answer by then
    withdrawnAt: integer("withdrawn_at", { mode: "timestamp_ms" }),
    version: integer("version").notNull().default(1),
    createdBy: text("created_by").references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("entries_round_product").on(t.roundId, t.productId),
    uniqueIndex("entries_dossier_no").on(t.dossierNo),
    index("entries_round_status").on(t.roundId, t.status),
    index("entries_establishment").on(t.establishmentId),
    index("entries_product").on(t.productId),
  ],
);

/** The entry's timeline: every step with who, when and the message. */
export const entryEvents = sqliteTable(
  "entry_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    entryId: integer("entry_id")
      .notNull()
      .references(() => entries.id, { onDelete: "cascade" }),
    type: text("type").notNull(),
    fromStatus: text("from_status"),
    toStatus: text("to_status"),
    actorUserId: text("actor_user_id").references(() => users.id),
    message: text("message"),
    data: text("data", { mode: "json" }).$type<Record<string, unknown>>(),
    createdAt: createdAt(),
  },
  (t) => [index("entry_events_entry").on(t.entryId)],
);

/**
 * Dossier documents: one row per uploaded version in a typed slot.
 * Replacing a file adds a new row and marks the old one superseded; nothing is deleted.
 * A promoted entry references the lower entry's files (same file_id), not copies.
 */
export const dossierDocuments = sqliteTable(
  "dossier_documents",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    entryId: integer("entry_id")
      .notNull()
      .references(() => entries.id, { onDelete: "cascade" }),
    docType: text("doc_type")
      .notNull()
      .references(() => documentTypes.code),
    fileId: integer("file_id")
      .notNull()
      .references(() => files.id),
    /** Several files may fill one slot (photos); each has its own version chain. */
    slotIndex: integer("slot_index").notNull().default(0),
    version: integer("version").notNull().default(1),
    supersededAt: integer("superseded_at", { mode: "timestamp_ms" }),
    carriedFromDocumentId: integer("carried_from_document_id").references(
      (): AnySQLiteColumn => dossierDocuments.id,
    ),
    uploadedBy: text("uploaded_by").references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index("dossier_docs_entry").on(t.entryId, t.docType)],
);

/** "Ask to complete": the named slots are unlocked until the producer resubmits. */
export const supplementRequests = sqliteTable(
  "supplement_requests",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    entryId: integer("entry_id")
      .notNull()
      .references(() => entries.id, { onDelete: "cascade" }),
    docTypes: text("doc_types", { mode: "json" }).$type<string[]>().notNull(),
    message: text("message").notNull(),
    requestedBy: text("requested_by").references(() => users.id),
    dueOn: text("due_on"),
    closedAt: integer("closed_at", { mode: "timestamp_ms" }),
    createdAt: createdAt(),
  },
  (t) => [index("supplement_entry").on(t.entryId)],
);

/* ------------------------------------------------------------------ */
/* Councils, jury, scoring                                             */
/* ------------------------------------------------------------------ */

export const councils = sqliteTable("councils", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  roundId: integer("round_id")
    .notNull()
    .unique()
    .references(() => rounds.id, { onDelete: "cascade" }),
  name: text("name").notNull(),
  establishedByDecision: text("established_by_decision"), // số quyết định thành lập
  createdAt: createdAt(),
});

export const COUNCIL_ROLES = ["chair", "vice_chair", "secretary", "member"] as const;
export type CouncilRole = (typeof COUNCIL_ROLES)[number];

export const councilMembers = sqliteTable(
  "council_members",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    councilId: integer("council_id")
      .notNull()
      .references(() => councils.id, { onDelete: "cascade" }),
    /** Linked when the invitation is accepted (or an existing account is linked). */
    userId: text("user_id").references(() => users.id),
    fullName: text("full_name").notNull(),
    title: text("title"), // chức danh / học hàm
    affiliation: text("affiliation"),
    email: text("email"),
    role: text("role", { enum: COUNCIL_ROLES }).notNull().default("member"),
    /** Whether this member scores (thành viên Ban giám khảo). */
    isJudge: integer("is_judge", { mode: "boolean" }).notNull().default(true),
    /** For assignment by product group. */
    productGroupIds: text("product_group_ids", { mode: "json" }).$type<number[]>(),
    createdAt: createdAt(),
  },
  (t) => [index("council_members_council").on(t.councilId), index("council_members_user").on(t.userId)],
);

/** Who scores what (used when the round's assignment mode is not "all", and materialised for progress). */
export const assignments = sqliteTable(
  "assignments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    entryId: integer("entry_id")
      .notNull()
      .references(() => entries.id, { onDelete: "cascade" }),
    councilMemberId: integer("council_member_id")
      .notNull()
      .references(() => councilMembers.id, { onDelete: "cascade" }),
    stage: integer("stage").notNull().default(1),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("assignments_unique").on(t.entryId, t.councilMemberId, t.stage)],
);

export const conflictsOfInterest = sqliteTable(
  "conflicts_of_interest",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    entryId: integer("entry_id")
      .notNull()
      .references(() => entries.id, { onDelete: "cascade" }),
    councilMemberId: integer("council_member_id")
      .notNull()
      .references(() => councilMembers.id, { onDelete: "cascade" }),
    reason: text("reason").notNull(),
    declaredBy: text("declared_by").references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("conflicts_unique").on(t.entryId, t.councilMemberId)],
);

/** Phiếu chấm điểm: one per judge per entry per stage. */
export const scoreSheets = sqliteTable(
  "score_sheets",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    entryId: integer("entry_id")
      .notNull()
      .references(() => entries.id, { onDelete: "cascade" }),
    councilMemberId: integer("council_member_id")
      .notNull()
      .references(() => councilMembers.id),
    stage: integer("stage").notNull().default(1),
    sheetId: integer("sheet_id")
      .notNull()
      .references(() => criteriaSheets.id),
    status: text("status", { enum: ["draft", "submitted"] }).notNull().default("draft"),
    totalTenths: integer("total_tenths").notNull().default(0),
    comment: text("comment").notNull().default(""),
    submittedAt: integer("submitted_at", { mode: "timestamp_ms" }),
    reopenedAt: integer("reopened_at", { mode: "timestamp_ms" }),
    reopenReason: text("reopen_reason"),
    version: integer("version").notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("score_sheets_unique").on(t.entryId, t.councilMemberId, t.stage)],
);

export const scoreLines = sqliteTable(
  "score_lines",
  {
    scoreSheetId: integer("score_sheet_id")
      .notNull()
      .references(() => scoreSheets.id, { onDelete: "cascade" }),
    criterionId: integer("criterion_id")
      .notNull()
      .references(() => criteria.id),
    pointsTenths: integer("points_tenths").notNull(),
  },
  (t) => [primaryKey({ columns: [t.scoreSheetId, t.criterionId] })],
);

/** A closed scoring stage: sheets become visible, results can be computed. */
export const stageClosures = sqliteTable(
  "stage_closures",
  {
    roundId: integer("round_id")
      .notNull()
      .references(() => rounds.id, { onDelete: "cascade" }),
    stage: integer("stage").notNull(),
    closedBy: text("closed_by").references(() => users.id),
    missingSheetsReason: text("missing_sheets_reason"),
    closedAt: integer("closed_at", { mode: "timestamp_ms" }).notNull(),
    reopenedAt: integer("reopened_at", { mode: "timestamp_ms" }),
  },
  (t) => [primaryKey({ columns: [t.roundId, t.stage] })],
);

/* ------------------------------------------------------------------ */
/* Results, decisions, certificates                                    */
/* ------------------------------------------------------------------ */

/** Computed results per entry and stage (a snapshot, recomputed from submitted sheets). */
export const results = sqliteTable(
  "results",
  {
    entryId: integer("entry_id")
      .notNull()
      .references(() => entries.id, { onDelete: "cascade" }),
    stage: integer("stage").notNull(),
    judgesCount: integer("judges_count").notNull(),
    sumTenths: integer("sum_tenths").notNull(),
    /** Group sums, JSON { "I": 1234, ... } in tenths (divide by judgesCount for the mean). */
    groupSumsTenths: text("group_sums_tenths", { mode: "json" }).$type<Record<string, number>>().notNull(),
    minTenths: integer("min_tenths").notNull(),
    maxTenths: integer("max_tenths").notNull(),
    discrepancy: integer("discrepancy", { mode: "boolean" }).notNull().default(false),
    passed: integer("passed", { mode: "boolean" }).notNull().default(false),
    rank: integer("rank"),
    rankInGroup: integer("rank_in_group"),
    tieRule: text("tie_rule"),
    recommended: integer("recommended", { mode: "boolean" }).notNull().default(false),
    computedAt: integer("computed_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.entryId, t.stage] })],
);

/** Quyết định công nhận: number, date, signer. */
export const recognitionDecisions = sqliteTable(
  "recognition_decisions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    roundId: integer("round_id")
      .notNull()
      .references(() => rounds.id),
    number: text("number").notNull(), // e.g. "1234/QĐ-UBND"
    signedOn: text("signed_on").notNull(), // YYYY-MM-DD
    signerName: text("signer_name").notNull(),
    signerTitle: text("signer_title").notNull(),
    issuer: text("issuer").notNull(), // UBND tỉnh Bắc Ninh, Bộ Công Thương, ...
    /** An amended decision (after an upheld complaint) names the decision it amends and why. */
    amendsDecisionId: integer("amends_decision_id"),
    complaintId: integer("complaint_id"),
    createdBy: text("created_by").references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index("decisions_round").on(t.roundId)],
);

/** The council's decision on each entry (recognise or not), with its vote. */
export const councilVerdicts = sqliteTable("council_verdicts", {
  entryId: integer("entry_id")
    .primaryKey()
    .references(() => entries.id, { onDelete: "cascade" }),
  recognised: integer("recognised", { mode: "boolean" }).notNull(),
  note: text("note"),
  votesFor: integer("votes_for"),
  votesAgainst: integer("votes_against"),
  votesAbstain: integer("votes_abstain"),
  prizeCode: text("prize_code"),
  /** Why the council gave (or did not give) a prize other than by rank; required when it departs. */
  prizeReason: text("prize_reason"),
  decisionId: integer("decision_id").references(() => recognitionDecisions.id),
  decidedBy: text("decided_by").references(() => users.id),
  decidedAt: integer("decided_at", { mode: "timestamp_ms" }).notNull(),
});

/**
 * A council's tie-break vote (biểu quyết phân định đồng điểm) as its own act: which tied entries,
 * the votes for each, the day of the meeting and who recorded it. The latest vote on an entry
 * counts; a vote covers every entry of the tie it breaks (docs/decisions/0018).
 */
export const tieBreakVotes = sqliteTable(
  "tie_break_votes",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    roundId: integer("round_id")
      .notNull()
      .references(() => rounds.id, { onDelete: "cascade" }),
    stage: integer("stage").notNull(),
    votedOn: text("voted_on").notNull(), // YYYY-MM-DD, the council's meeting
    /** Members who took part in the vote (each casts one vote for one of the tied entries at most). */
    membersVoting: integer("members_voting").notNull(),
    note: text("note"),
    recordedBy: text("recorded_by").references(() => users.id),
    recordedAt: integer("recorded_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("tie_break_votes_round").on(t.roundId, t.stage)],
);

export const tieBreakVoteLines = sqliteTable(
  "tie_break_vote_lines",
  {
    voteId: integer("vote_id")
      .notNull()
      .references(() => tieBreakVotes.id, { onDelete: "cascade" }),
    entryId: integer("entry_id")
      .notNull()
      .references(() => entries.id, { onDelete: "cascade" }),
    votesFor: integer("votes_for").notNull(),
  },
  (t) => [primaryKey({ columns: [t.voteId, t.entryId] }), index("tie_break_vote_lines_entry").on(t.entryId)],
);

export const certificates = sqliteTable(
  "certificates",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    entryId: integer("entry_id")
      .notNull()
      .unique()
      .references(() => entries.id),
    decisionId: integer("decision_id")
      .notNull()
      .references(() => recognitionDecisions.id),
    number: text("number").notNull().unique(),
    /** Random, unguessable code used in the QR URL /xac-thuc/<code>. */
    publicCode: text("public_code").notNull().unique(),
    // What is printed on the certificate (snapshot at issue time).
    productName: text("product_name").notNull(),
    producerName: text("producer_name").notNull(),
    producerAddress: text("producer_address").notNull(),
    productGroupId: integer("product_group_id")
      .notNull()
      .references(() => productGroups.id),
    level: text("level", { enum: ROUND_LEVELS }).notNull(),
    year: integer("year").notNull(),
    provinceId: integer("province_id").references(() => adminUnits.id),
    issuedOn: text("issued_on").notNull(),
    validUntil: text("valid_until").notNull(),
    /** The prize printed on the certificate, if any (snapshot at issue time). */
    prizeName: text("prize_name"),
    revokedAt: integer("revoked_at", { mode: "timestamp_ms" }),
    revokeReason: text("revoke_reason"),
    revokedBy: text("revoked_by").references(() => users.id),
    pdfFileId: integer("pdf_file_id").references(() => files.id),
    createdAt: createdAt(),
  },
  (t) => [
    index("certificates_level_year").on(t.level, t.year),
    index("certificates_province").on(t.provinceId),
    index("certificates_decision").on(t.decisionId),
  ],
);

export const COMPLAINT_STATUSES = ["open", "rechecking", "answered", "closed"] as const;
export const COMPLAINT_OUTCOMES = ["upheld", "partly", "rejected"] as const;

/** Khiếu nại về kết quả: filed by a producer with an entry in a published round (issue 14). */
export const complaints = sqliteTable(
  "complaints",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    roundId: integer("round_id")
      .notNull()
      .references(() => rounds.id),
    entryId: integer("entry_id").references(() => entries.id),
    /** e.g. "KN-2026-0003", unique. */
    number: text("number"),
    submittedBy: text("submitted_by").references(() => users.id),
    body: text("body").notNull(),
    /** The judge the complaint names, if any (never asked to re-check it). */
    namedMemberId: integer("named_member_id").references(() => councilMembers.id),
    status: text("status", { enum: COMPLAINT_STATUSES }).notNull().default("open"),
    answerDueOn: text("answer_due_on"), // YYYY-MM-DD
    recheckMemberId: integer("recheck_member_id").references(() => councilMembers.id),
    recheckNote: text("recheck_note"),
    outcome: text("outcome", { enum: COMPLAINT_OUTCOMES }),
    response: text("response"),
    respondedBy: text("responded_by").references(() => users.id),
    answeredAt: integer("answered_at", { mode: "timestamp_ms" }),
    /** The amended decision recorded when an upheld complaint changed the outcome. */
    amendedDecisionId: integer("amended_decision_id").references(() => recognitionDecisions.id),
    createdAt: createdAt(),
    resolvedAt: integer("resolved_at", { mode: "timestamp_ms" }),
  },
  (t) => [
    index("complaints_round").on(t.roundId),
    index("complaints_entry").on(t.entryId),
    uniqueIndex("complaints_number").on(t.number),
  ],
);

export const complaintFiles = sqliteTable(
  "complaint_files",
  {
    complaintId: integer("complaint_id")
      .notNull()
      .references(() => complaints.id, { onDelete: "cascade" }),
    fileId: integer("file_id")
      .notNull()
      .references(() => files.id),
  },
  (t) => [primaryKey({ columns: [t.complaintId, t.fileId] })],
);

/** Each step of a complaint (filed, re-check asked, re-check done, answered, outcome corrected). */
export const complaintEvents = sqliteTable(
  "complaint_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    complaintId: integer("complaint_id")
      .notNull()
      .references(() => complaints.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    note: text("note"),
    actorUserId: text("actor_user_id").references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index("complaint_events_complaint").on(t.complaintId)],
);

/**
 * Read-only API tokens of an organizing body (/api/v1/organizer/...): scoped like the body's
 * organizers; only the SHA-256 of the token is stored, shown once on creation.
 */
export const apiTokens = sqliteTable(
  "api_tokens",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    bodyId: integer("body_id")
      .notNull()
      .references(() => organizingBodies.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    /** The first characters of the token, to tell tokens apart in the list. */
    prefix: text("prefix").notNull(),
    createdBy: text("created_by").references(() => users.id),
    createdAt: createdAt(),
    lastUsedAt: integer("last_used_at", { mode: "timestamp_ms" }),
    revokedAt: integer("revoked_at", { mode: "timestamp_ms" }),
    revokedBy: text("revoked_by").references(() => users.id),
  },
  (t) => [index("api_tokens_body").on(t.bodyId)],
);

/* ------------------------------------------------------------------ */
/* Messages and audit                                                  */
/* ------------------------------------------------------------------ */

export const notifications = sqliteTable(
  "notifications",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    title: text("title").notNull(),
    body: text("body").notNull().default(""),
    link: text("link"),
    readAt: integer("read_at", { mode: "timestamp_ms" }),
    createdAt: createdAt(),
  },
  (t) => [index("notifications_user").on(t.userId, t.readAt)],
);

/** Every email the app sends; sent through SMTP when configured, readable by developers otherwise. */
export const mailOutbox = sqliteTable("mail_outbox", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  toAddress: text("to_address").notNull(),
  subject: text("subject").notNull(),
  textBody: text("text_body").notNull(),
  transport: text("transport", { enum: ["smtp", "outbox"] }).notNull(),
  sentAt: integer("sent_at", { mode: "timestamp_ms" }),
  error: text("error"),
  createdAt: createdAt(),
});

export const auditLog = sqliteTable(
  "audit_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    actorUserId: text("actor_user_id").references(() => users.id),
    action: text("action").notNull(),
    objectType: text("object_type").notNull(),
    objectId: text("object_id"),
    data: text("data", { mode: "json" }).$type<Record<string, unknown>>(),
    ip: text("ip"),
    createdAt: createdAt(),
  },
  (t) => [index("audit_object").on(t.objectType, t.objectId), index("audit_actor").on(t.actorUserId)],
);

/**
 * Background jobs stored in the database (bulk certificate issue, ...), so they resume after a
 * restart and run exactly once across server processes: a worker claims a job by setting
 * `lockedBy`/`leaseUntil` in a write transaction and renews the lease while it works.
 */
export const jobs = sqliteTable(
  "jobs",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    kind: text("kind", { enum: ["certificates.issue"] }).notNull(),
    /** What the job works on, e.g. "round:12"; one unfinished job per subject and kind. */
    subject: text("subject").notNull(),
    status: text("status", { enum: ["queued", "running", "done", "error"] }).notNull().default("queued"),
    payload: text("payload", { mode: "json" }).$type<Record<string, unknown>>(),
    total: integer("total").notNull().default(0),
    done: integer("done").notNull().default(0),
    error: text("error"),
    requestedBy: text("requested_by").references(() => users.id),
    lockedBy: text("locked_by"),
    leaseUntil: integer("lease_until", { mode: "timestamp_ms" }),
    startedAt: integer("started_at", { mode: "timestamp_ms" }),
    finishedAt: integer("finished_at", { mode: "timestamp_ms" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("jobs_status").on(t.status, t.kind), index("jobs_subject").on(t.kind, t.subject)],
);

/**
 * Reminders already sent (issue 13 item 4, issue 12 item 4): one row per reminder, keyed so that
 * each is sent once whatever the restarts and however many server processes share the database
 * (the insert that claims the key and the notice/email it sends are one transaction).
 */
export const reminderDeliveries = sqliteTable("reminder_deliveries", {
  /** e.g. "judge-deadline:round:12:member:5:d1", "intake-closing:entry:88:d3". */
  key: text("key").primaryKey(),
  kind: text("kind").notNull(),
  roundId: integer("round_id").references(() => rounds.id, { onDelete: "cascade" }),
  userId: text("user_id").references(() => users.id, { onDelete: "cascade" }),
  /** "schedule" or "manual" (the "Nhắc giám khảo" button). */
  via: text("via").notNull().default("schedule"),
  sentAt: integer("sent_at", { mode: "timestamp_ms" }).notNull(),
});

/** Each run of a scheduled task, for the admin's view. */
export const schedulerRuns = sqliteTable(
  "scheduler_runs",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    task: text("task").notNull(),
    worker: text("worker").notNull(),
    status: text("status", { enum: ["running", "done", "error", "skipped"] }).notNull(),
    sent: integer("sent").notNull().default(0),
    detail: text("detail"),
    startedAt: integer("started_at", { mode: "timestamp_ms" }).notNull(),
    finishedAt: integer("finished_at", { mode: "timestamp_ms" }),
  },
  (t) => [index("scheduler_runs_task").on(t.task, t.startedAt)],
);

/**
 * The generation of what the public sees (docs/decisions/0016-public-page-cache.md): one row,
 * bumped by triggers in the same transaction as any change a public page shows (certificates,
 * products, photos, establishments, rounds, results, decisions, entries' statuses, units, ...).
 * Every server process reads it before serving a cached page, so a change is seen at once by all.
 */
export const publicGeneration = sqliteTable("public_generation", {
  id: integer("id").primaryKey(),
  n: integer("n").notNull().default(0),
});
