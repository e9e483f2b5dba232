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
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default("CNNT tiêu biểu <no-reply@cnnt.local>"),
  UPLOADTHING_TOKEN: z.string().optional(),
  SESSION_SECRET: z.string().optional(),
  SESSION_DAYS: z.coerce.number().positive().default(30),
  PUBLIC_BASE_URL: z.string().url().optional(),
  ADMIN_EMAIL: z.string().optional(),
  ADMIN_PASSWORD: z.string().optional(),
  SEED_DEMO: bool,
  MIGRATIONS_DIR: z.string().default("./db/migrations"),
});

export type Env = z.infer<typeof EnvSchema> & { publicBaseUrl: string; sessionSecret: string };

let cached: Env | undefined;

/** Reads and checks the environment once. Throws a readable error listing bad variables. */
export function env(): Env {
  if (cached) return cached;
  const parsed = EnvSchema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment variables:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  const sessionSecret = e.SESSION_SECRET ?? "dev-only-secret-change-me";
  if (!e.SESSION_SECRET && e.NODE_ENV === "production" && !e.SEED_DEMO) {
    console.warn("[env] SESSION_SECRET is not set: using a development secret.");
  }
  cached = {
    ...e,
    publicBaseUrl: (e.PUBLIC_BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ""),
    sessionSecret,
  };
  return cached;
}

/** For tests that change variables between cases. */
export function resetEnvCache() {
  cached = undefined;
}
