import { z } from "zod";

const bool = z
  .enum(["1", "0", "true", "false", "yes", "no", ""])
  .optional()
  .transform((v) => v === "1" || v === "true" || v === "yes");

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z.string().min(1).default("./data/app.db"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  UPLOAD_DIR: z.string().min(1).default("./data/uploads"),
  MAX_UPLOAD_MB: z.coerce.number().positive().default(20),
  /** Memory for rendered anonymous public pages, per server process (0: no page cache). */
  PAGE_CACHE_MB: z.coerce.number().min(0).max(4096).default(64),
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default("CNNT tiêu biểu <no-reply@cnnt.local>"),
  UPLOADTHING_TOKEN: z.string().optional(),
  SESSION_SECRET: z.preprocess((v) => (v === "" ? undefined : v), z.string().optional()),
  SESSION_DAYS: z.coerce.number().positive().default(30),
  PUBLIC_BASE_URL: z.preprocess((v) => (v === "" ? undefined : v), z.string().url().optional()),
  ADMIN_EMAIL: z.string().optional(),
  ADMIN_PASSWORD: z.string().optional(),
  /** "1" seeds the demo explicitly; "0" never; unset: only a fresh database on a local address. */
  SEED_DEMO: z.enum(["1", "0", "true", "false", "yes", "no", ""]).optional(),
  /** Whether a reverse proxy of ours sets X-Forwarded-Host / -Proto / -For (docs/decisions/0011). */
  TRUST_PROXY: bool,
  MIGRATIONS_DIR: z.string().default("./db/migrations"),
});

export type Env = Omit<z.infer<typeof EnvSchema>, "SEED_DEMO"> & {
  publicBaseUrl: string;
  /** The configured public origin (scheme, host, port), or null when PUBLIC_BASE_URL is unset. */
  publicOrigin: string | null;
  /** True when the public address is this machine (unset, localhost, 127.x, ::1): a demo or a test. */
  localAddress: boolean;
  sessionSecret: string;
  /** "yes": seed explicitly; "no": never; "auto": only a fresh database on a local address. */
  seedDemo: "yes" | "no" | "auto";
};

const LOCAL_HOSTS = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

export function isLocalUrl(url: string): boolean {
  try {
    return LOCAL_HOSTS.test(new URL(url).hostname);
  } catch {
    return false;
  }
}

let cached: Env | undefined;

/** Reads and checks the environment once. Throws a readable error listing bad variables. */
export function env(): Env {
  if (cached) return cached;
  const parsed = EnvSchema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment variables:\n${lines.join("\n")}`);
  }
  const { SEED_DEMO, ...e } = parsed.data;
  const publicBaseUrl = (e.PUBLIC_BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, "");
  const localAddress = isLocalUrl(publicBaseUrl);
  if (e.NODE_ENV === "production" && !localAddress && (e.SESSION_SECRET ?? "").length < 32) {
    throw new Error(
      "Invalid environment variables:\n  SESSION_SECRET: a public deployment (PUBLIC_BASE_URL " +
        publicBaseUrl +
        ") needs a random secret of at least 32 characters, e.g. `openssl rand -hex 32`.",
    );
  }
  const seed = SEED_DEMO ?? "";
  cached = {
    ...e,
    publicBaseUrl,
    publicOrigin: e.PUBLIC_BASE_URL ? new URL(publicBaseUrl).origin : null,
    localAddress,
    sessionSecret: e.SESSION_SECRET ?? "dev-only-secret-change-me",
    seedDemo: ["1", "true", "yes"].includes(seed) ? "yes" : ["0", "false", "no"].includes(seed) ? "no" : "auto",
  };
  return cached;
}

/** For tests that change variables between cases. */
export function resetEnvCache() {
  cached = undefined;
}
