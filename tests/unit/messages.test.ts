/**
 * The English of module messages (app/i18n/messages.ts) stays complete: every Vietnamese string
 * literal in the modules whose texts producers and the public see is either translated by
 * localizeMessage("en", …) (the result differs and has no Vietnamese letter) or named below as
 * staff-only / not a message, with the reason. A new message in those modules fails this test
 * until it gets its English (docs/decisions/0037-module-messages-translated-at-display.md).
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { localizeMessage, toEnglish } from "~/i18n/messages";
import { VIETNAMESE, vietnameseLiterals } from "../helpers/vi-literals";
import { ChangePasswordSchema, ForgotPasswordSchema, LogInSchema, ResetPasswordSchema, SignUpSchema, fieldErrors } from "~/modules/accounts/accounts";
import { EstablishmentSchema, MemberSchema, ProductSchema } from "~/modules/producers/producers";
import { AcceptNewAccountSchema } from "~/modules/invitations/invitations";
import { MINUTE, tooManyMessage, waitInWords } from "~/modules/throttle/throttle";
import { COMPLAINT_EVENT_LABELS, COMPLAINT_OUTCOME_LABELS, COMPLAINT_STATUS_LABELS, amendmentRevokeReason } from "~/modules/complaints/complaints";
import { LEGAL_TYPE_LABELS } from "~/modules/accounts/accounts";
import { NO_MATCH_MESSAGE, PUBLIC_EVENT_NOTES } from "~/modules/dossier-status/status";
import { dueReminders } from "~/modules/reminders/schedule";

const root = path.resolve(import.meta.dirname, "../..");

/** The modules whose messages reach producers and the public (the brief of issue 12, item 12). */
const MODULE_DIRS = ["accounts", "throttle", "entries", "dossier", "files", "producers", "complaints", "notify", "dossier-status", "lookup", "certificates", "invitations", "reminders", "rounds"];
/** Files elsewhere that write producers' notifications or timeline steps: only `title:`, `body:`, `message:` texts are checked there. */
const NOTICE_FILES = ["app/modules/scoring/scoring.server.ts", "app/modules/promotion/promotion.server.ts"];

/** Whole files that hold no message a producer or the public reads in the app's pages. */
const SKIPPED_FILES: Record<string, string> = {
  "app/modules/dossier-status/receipt-pdf.server.ts": "the receipt PDF: an official Vietnamese paper",
  "app/modules/complaints/receipt-pdf.server.ts": "the complaint receipt PDF: an official Vietnamese paper",
  "app/modules/certificates/pdf.server.ts": "the certificate PDF: an official Vietnamese paper",
  "app/modules/certificates/testdata.server.ts": "test data",
  "app/modules/lookup/opendata.ts": "column names of the open data files (a published format, not a message)",
  "app/lib/bootstrap.server.ts": "start-up console output",
  "app/lib/env.server.ts": "configuration default (the mail sender's name)",
  "app/lib/server-handler.server.ts": "plain pages sent before Remix runs (no locale there; see the decision record)",
  "app/lib/static-files.server.ts": "plain 404 body of static files",
  "app/modules/throttle/edge.server.ts": "plain 429 page sent before Remix runs (see the decision record)",
  "app/modules/rounds/consequences.server.ts": "organizer-only: confirmation dialogs of round actions",
  "app/modules/rounds/criteria.server.ts": "organizer-only: scoring sheet set-up",
  "app/modules/rounds/criteria.ts": "organizer-only: scoring sheet set-up",
  "app/modules/rounds/rounds.ts": "organizer-only: the round form and its moves",
  "app/modules/invitations/bodies.server.ts": "admin-only: organizing bodies and their staff",
  "app/modules/reminders/reminders.server.ts": "judges' manual reminders and the scheduler's run log (staff)",
};

/**
 * Texts (by the start of the literal as written) that are not for producers or the public:
 * emails (sent in Vietnamese, never shown on a page), logs, and staff-only refusals and notices.
 */
const STAFF_ONLY: Record<string, string[]> = {
  "app/lib/auth.server.ts": ["không-có-tài-khoản-này" /* a dummy password, hashed once */],
  "app/modules/accounts/accounts.server.ts": [
    // The reset email.
    "Đặt lại mật khẩu - ",
    "Xin chào ${user.fullName}", // with the rest of the mail joined by +
  ],
  "app/modules/notify/notify.server.ts": ["Xin chào ${u.fullName}" /* the email copy of a notification */],
  "app/modules/entries/bulk.server.ts": [
    // Organizer's bulk intake; its producer notices are the same texts as entries.server.ts.
    "Xin chào ${u.fullName}",
    "Chọn ít nhất một hồ sơ.",
    "Mỗi lần chỉ xử lý được tối đa",
    "không có trong kỳ bình chọn này",
    "đang ở trạng thái",
    "; và ",
    "Không thực hiện: ",
    "Có hồ sơ vừa được người khác cập nhật",
    "tiếp nhận",
    "yêu cầu bổ sung",
    "Nội dung cần bổ sung dài quá",
  ],
  "app/modules/entries/entries.server.ts": [
    // Notices to the organizing body.
    "${resubmitted ? \\\"Hồ sơ đã bổ sung\\\"",
    "\\\"${product.name}\\\" — ${round.title}. Hạn trả lời",
    "Cơ sở rút hồ sơ ${e.dossierNo",
  ],
  "app/modules/complaints/complaints.server.ts": [
    // Organizer's and council's side of complaints.
    "Khiếu nại mới ",
    "Có khiếu nại về kết quả của sản phẩm",
    "Chỉ cơ quan tổ chức kỳ bình chọn hoặc Chủ tịch",
    "Không giao rà soát lại cho giám khảo",
    "Hãy chọn một thành viên Ban giám khảo",
    "Thành viên này chưa có tài khoản",
    "Đề nghị rà soát lại: ",
    "Hội đồng đề nghị ông/bà",
    "Không tìm thấy đề nghị rà soát này.",
    "Vui lòng ghi kết quả rà soát lại.",
    "Thành viên Hội đồng đã ghi kết quả rà soát lại",
    "Hãy chọn kết luận: ",
    "Vui lòng ghi rõ lý do của kết luận",
    "Vui lòng ghi lý do đóng khiếu nại",
  ],
  "app/modules/complaints/complaints.ts": ["Chỉ điều chỉnh hoặc đóng khiếu nại khi" /* organizer's step refusal */],
  "app/modules/complaints/correction.server.ts": [
    // The organizer's correction form and its confirmation; the producer's notice is checked.
    "Chỉ cơ quan tổ chức kỳ bình chọn ghi",
    "Chỉ điều chỉnh kết quả",
    "Kỳ bình chọn chưa có quyết định công nhận",
    "Còn ${x.drafts}",
    "Sau khi chấm lại, sản phẩm",
    "Sản phẩm chưa đạt điểm tối thiểu",
    "Sản phẩm sẽ được công nhận",
    "Sản phẩm đã có giấy chứng nhận.",
    "Giấy chứng nhận được cấp ngay",
    "Sản phẩm sẽ không còn được công nhận.",
    "Giấy chứng nhận số ${x.cert.number} sẽ bị thu hồi",
    "Sản phẩm chưa có giấy chứng nhận còn hiệu lực.",
    "Kết quả của vòng chấm được tính lại",
    "Trang kết quả công khai sẽ ghi",
    "Không hoàn tác được.",
    "Vui lòng nhập số quyết định sửa đổi",
    "Ngày ký",
    "Vui lòng nhập họ tên người ký.",
    "Vui lòng nhập chức vụ người ký.",
    "Vui lòng nhập cơ quan ban hành",
    "Vui lòng ghi lý do điều chỉnh",
    "Vui lòng ghi lý do mở lại phiếu chấm",
    "Hãy chọn ít nhất một phiếu chấm",
    "Chỉ mở lại phiếu chấm",
    "Không có phiếu đã nộp nào",
    "Khiếu nại ${c.number}: ${reason}",
    "Phiếu chấm ${entry.votingCode",
    "Phiếu chấm đã được mở lại",
  ],
  "app/modules/certificates/certificates.server.ts": [
    // Issuing and revoking certificates (organizers), the job log.
    "Chưa đặt địa chỉ công khai",
    "Chỉ cấp giấy chứng nhận",
    "Ngày cấp",
    "Quyết định công nhận không thuộc",
    "việc #",
    "Vui lòng nhập lý do thu hồi.",
    "Lý do thu hồi quá dài",
    "Giấy chứng nhận này đã bị thu hồi trước đó.",
  ],
  "app/modules/invitations/invitations.server.ts": [
    // The invitation email (the invitation page names roles with app/i18n/profile.ts).
    "Lời mời tham gia",
    "Xin chào${inv.greetingName",
    "${inviter ?",
    "Bạn được mời làm",
    "Mở liên kết sau để nhận lời mời",
    "cơ sở sản xuất",
    "${ROLE_NAMES[m.role]",
  ],
  "app/modules/invitations/invitations.ts": [
    // The admin's organizing-body form.
    "tên cơ quan",
    "Vui lòng chọn cấp của cơ quan.",
  ],
  "app/modules/reminders/schedule.ts": [
    // Reminders to judges and organizers.
    " (đợt ${r.stage})",
    "Hôm nay hết hạn chấm điểm",
    "Sắp hết hạn chấm điểm",
    "${j.notStarted} chưa chấm",
    "${j.draft} phiếu nháp chưa nộp",
    " Hạn chấm: hết ngày",
    "Ông/bà còn ${leftSheets}",
    "ngày ${formatDate(e.answerBy)}",
    "Sắp đến hạn trả lời hồ sơ",
    "Hồ sơ ${label} (",
  ],
  "app/modules/rounds/rounds.server.ts": [
    // Organizer's round settings and moves; judges' notice.
    "Có loại tài liệu không tồn tại.",
    "Bạn chỉ tạo được kỳ bình chọn",
    "Kỳ bình chọn vừa được người khác cập nhật",
    "Đã bắt đầu chấm điểm",
    "Kết quả đã công bố",
    "${why} nên không thể đổi",
    "Không thể chuyển kỳ bình chọn sang trạng thái này.",
    "Bắt đầu chấm điểm: ",
    "Hội đồng bắt đầu chấm điểm",
  ],
  "app/modules/scoring/scoring.server.ts": [
    // Judges' notices.
    "Phiếu chấm",
  ],
  "app/modules/promotion/promotion.server.ts": [
    // The notice to the higher level's organizers.
    "Đề cử mới: ",
    "${body.name} đề cử \\\"${product.name}\\\".",
  ],
};

const LOG = /(console\.\w+|\blog)\(\s*$/;

function sourceFiles(): string[] {
  const out: string[] = [];
  for (const d of MODULE_DIRS) for (const f of fs.readdirSync(path.join(root, "app/modules", d))) out.push(`app/modules/${d}/${f}`);
  for (const f of fs.readdirSync(path.join(root, "app/lib"))) out.push(`app/lib/${f}`);
  return [...out.filter((f) => /\.ts$/.test(f) && !/\.d\.ts$/.test(f)), ...NOTICE_FILES];
}

interface Finding {
  where: string;
  raw: string;
  variant: string;
  english: string;
}

function scan() {
  const untranslated: Finding[] = [];
  const unusedAllowances = new Map<string, Set<string>>(Object.entries(STAFF_ONLY).map(([f, l]) => [f, new Set(l)]));
  let checked = 0;
  for (const file of sourceFiles()) {
    if (SKIPPED_FILES[file]) continue;
    const src = fs.readFileSync(path.join(root, file), "utf8");
    const allowed = STAFF_ONLY[file] ?? [];
    for (const lit of vietnameseLiterals(src)) {
      if (LOG.test(lit.before)) continue;
      if (NOTICE_FILES.includes(file) && !/\b(title|body|message):/.test(lit.before)) continue;
      const rawAsJson = JSON.stringify(lit.raw).slice(1, -1);
      const allowance = allowed.find((a) => lit.raw.startsWith(a) || rawAsJson.startsWith(a));
      if (allowance) {
        unusedAllowances.get(file)?.delete(allowance);
        continue;
      }
      for (const variant of lit.variants) {
        if (!VIETNAMESE.test(variant)) continue;
        checked++;
        const english = localizeMessage("en", variant);
        if (english === variant || VIETNAMESE.test(english)) untranslated.push({ where: `${file}:${lit.line}`, raw: lit.raw, variant, english });
      }
    }
  }
  return { untranslated, checked, unusedAllowances: [...unusedAllowances].flatMap(([f, s]) => [...s].map((a) => `${f}: ${a}`)) };
}

describe("module messages in English", () => {
  test("every producer- or public-facing Vietnamese literal in the modules has English", () => {
    const { untranslated, checked } = scan();
    expect(checked).toBeGreaterThan(200);
    expect(untranslated.map((u) => `${u.where}  ${JSON.stringify(u.variant)} → ${JSON.stringify(u.english)}`)).toEqual([]);
  });

  test("the staff-only list names only texts that still exist", () => {
    expect(scan().unusedAllowances).toEqual([]);
  });

  test("Vietnamese stays as it is; unknown text and empty values pass through", () => {
    const vi = "Hai lần nhập mật khẩu không khớp.";
    expect(localizeMessage("vi", vi)).toBe(vi);
    expect(localizeMessage("en", vi)).toBe("The two passwords do not match.");
    expect(localizeMessage("en", "Một câu chưa ai dịch.")).toBe("Một câu chưa ai dịch.");
    expect(localizeMessage("en", "Already English.")).toBe("Already English.");
    expect(localizeMessage("en", null)).toBe("");
    expect(localizeMessage("vi", undefined)).toBe("");
  });

  test("validation messages of the producers' and the public's forms, from the real schemas", () => {
    const long = "x".repeat(6000);
    const inputs: [string, { safeParse: (v: unknown) => { success: boolean; error?: unknown } }, unknown][] = [
      ["sign-up empty", SignUpSchema, {}],
      ["sign-up bad", SignUpSchema, { fullName: long, email: "not-an-email", phone: "123", password: "short", passwordConfirm: "other", establishmentName: long, legalType: "x", provinceId: "x" }],
      ["log-in empty", LogInSchema, {}],
      ["log-in long", LogInSchema, { email: "a@b.vn", password: long }],
      ["change password", ChangePasswordSchema, { currentPassword: "", newPassword: "1", newPasswordConfirm: "2" }],
      ["change password long", ChangePasswordSchema, { currentPassword: long, newPassword: long, newPasswordConfirm: long }],
      ["forgot", ForgotPasswordSchema, { email: "x" }],
      ["reset", ResetPasswordSchema, { password: "1", passwordConfirm: "2" }],
      ["establishment empty", EstablishmentSchema, {}],
      ["establishment bad", EstablishmentSchema, { legalType: "sme", name: long, provinceId: "1", unitId: "x", street: long, representative: long, phone: "1", registrationNo: "abc", bankAccountNo: "12", bankName: long, bankAccountHolder: long }],
      ["establishment household", EstablishmentSchema, { legalType: "household", name: "A", provinceId: "1", unitId: "2", street: "B", representative: "C", phone: "0912345678", registrationNo: "??" }],
      ["product empty", ProductSchema, {}],
      ["product long", ProductSchema, { name: long, productGroupId: "9", description: long }],
      ["member invite", MemberSchema, { fullName: "", email: "x" }],
      ["accept invitation", AcceptNewAccountSchema, { fullName: long, password: "1", passwordConfirm: "2" }],
    ];
    const seen = new Set<string>();
    for (const [name, schema, input] of inputs) {
      const r = schema.safeParse(input);
      expect(r.success, name).toBe(false);
      for (const msg of Object.values(fieldErrors(r.error as never))) {
        seen.add(msg);
        const en = localizeMessage("en", msg);
        expect(VIETNAMESE.test(en), `${name}: ${msg} → ${en}`).toBe(false);
      }
    }
    expect(seen.size).toBeGreaterThan(20);
  });

  test("the throttle's wait, with real times", () => {
    const now = Date.UTC(2026, 10, 30, 3, 0, 0);
    expect(localizeMessage("en", tooManyMessage(now + 2 * MINUTE, now))).toMatch(/^Too many attempts\. Please try again in 2 minutes \(at \d\d:\d\d\)\.$/);
    expect(localizeMessage("en", tooManyMessage(now + 45_000, now))).toMatch(/in 45 seconds \(at/);
    expect(localizeMessage("en", tooManyMessage(now + 65 * MINUTE, now))).toMatch(/in 1 hour 5 minutes \(at/);
    expect(localizeMessage("en", tooManyMessage(now + 60 * MINUTE, now))).toMatch(/in 1 hour \(at/);
    expect(localizeMessage("en", tooManyMessage(now + MINUTE, now))).toMatch(/in 1 minute \(at/);
    expect(localizeMessage("en", waitInWords(3 * MINUTE))).toBe("3 minutes");
    // After another message (the reset page puts the dead-link text first).
    const joined = `Liên kết đặt lại mật khẩu không còn hiệu lực (đã dùng hoặc đã hết hạn). Hãy yêu cầu liên kết mới. ${tooManyMessage(now + 2 * MINUTE, now)}`;
    expect(localizeMessage("en", joined)).toMatch(/^This password reset link no longer works .* Too many attempts\. Please try again in 2 minutes/);
    // After the log-in page's own (already English) words.
    expect(localizeMessage("en", `Wrong email or password. ${tooManyMessage(now + 2 * MINUTE, now)}`)).toMatch(/^Wrong email or password\. Too many attempts\./);
  });

  test("labels the modules show with data", () => {
    for (const l of [...Object.values(LEGAL_TYPE_LABELS), ...Object.values(COMPLAINT_STATUS_LABELS), ...Object.values(COMPLAINT_OUTCOME_LABELS), ...Object.values(COMPLAINT_EVENT_LABELS), ...Object.values(PUBLIC_EVENT_NOTES)]) {
      expect(VIETNAMESE.test(localizeMessage("en", l)), l).toBe(false);
    }
    expect(localizeMessage("en", NO_MATCH_MESSAGE)).toMatch(/^No dossier matches/);
    expect(localizeMessage("en", amendmentRevokeReason("12/QĐ-UBND"))).toBe("Corrected by Decision No. 12/QĐ-UBND after a complaint.");
    expect(localizeMessage("en", "Trang này chỉ dành cho cơ sở sản xuất. Tài khoản của bạn không có vai trò đó.")).toBe("This page is only for producers. Your account does not have that role.");
    expect(localizeMessage("en", "Không tìm thấy kỳ bình chọn.")).toBe("Round not found.");
  });

  test("notification texts keep names and people's words as written", () => {
    const cases: [string, string][] = [
      ["Đã nhận hồ sơ HS2026-3-0001", "Dossier HS2026-3-0001 received"],
      [
        'Hồ sơ "Gốm Phù Lãng" tham gia "Bình chọn tỉnh Bắc Ninh 2026" đã được nộp. Cơ quan tổ chức sẽ trả lời trước ngày 14/12/2026.',
        'The dossier "Gốm Phù Lãng" for "Bình chọn tỉnh Bắc Ninh 2026" has been submitted. The organizing body will answer by 14/12/2026.',
      ],
      ['Hồ sơ "Gốm" cần bổ sung: Thiếu ảnh sản phẩm.', 'The dossier "Gốm" needs completing: Thiếu ảnh sản phẩm.'],
      ['Hồ sơ "Gốm" không được tiếp nhận. Lý do: Sai nhóm.', 'The dossier "Gốm" was not accepted. Reason: Sai nhóm.'],
      ["Trả lời khiếu nại KN-2026-001: Khiếu nại đúng một phần", "Answer to complaint KN-2026-001: Complaint partly upheld"],
      [
        'Hội đồng đã trả lời khiếu nại về sản phẩm "Gốm": Khiếu nại sai (không chấp nhận). Điểm đã đúng.',
        'The council answered the complaint about "Gốm": Complaint rejected (not upheld). Điểm đã đúng.',
      ],
      [
        'Hội đồng đã trả lời khiếu nại về sản phẩm "Gốm": Khiếu nại đúng. Chấm lại. Kết quả sẽ được điều chỉnh theo quyết định sửa đổi nếu cần.',
        'The council answered the complaint about "Gốm": Complaint upheld. Chấm lại. The result will be corrected by an amending decision if needed.',
      ],
      [
        "Theo Quyết định số 12/QĐ ngày 01/12/2026, sản phẩm được công nhận. Công nhận theo Quyết định số 12/QĐ ngày 01/12/2026; cấp giấy chứng nhận số 001/GCN.",
        "By Decision No. 12/QĐ of 01/12/2026, the product is recognised. Recognised by Decision No. 12/QĐ of 01/12/2026; certificate No. 001/GCN issued.",
      ],
      ["Cơ sở nộp hồ sơ, cam đoan hồ sơ đúng sự thật.", "The establishment submitted the dossier, declaring the dossier true."],
    ];
    for (const [vi, en] of cases) expect(localizeMessage("en", vi)).toBe(en);
  });

  test("the producer's intake reminders, from the real schedule", () => {
    const producers = [
      { establishmentId: 1, userIds: ["u1"], products: [{ name: "Bình gốm", entryId: 3 }] },
      { establishmentId: 2, userIds: ["u2"], products: [{ name: "Chum", entryId: 4 }, { name: "Vại", entryId: 5 }] },
    ];
    const due = dueReminders(
      {
        holidays: [],
        intakeRounds: [
          { id: 7, title: "Bình chọn xã Phù Lãng 2026", registrationClosesOn: "2026-12-03", producers },
          { id: 8, title: "Bình chọn xã Phù Lãng 2026", registrationClosesOn: "2026-12-01", producers },
          { id: 9, title: "Bình chọn xã Phù Lãng 2026", registrationClosesOn: "2026-11-30", producers },
        ],
        scoringRounds: [],
        waitingEntries: [],
      },
      new Date("2026-11-30T03:00:00Z"),
    ).filter((r) => r.kind === "producer-intake-closing");
    expect(due.length).toBe(6);
    for (const r of due) {
      for (const text of [r.title, r.body]) {
        const en = toEnglish(text);
        expect(en, text).not.toBeNull();
        expect(VIETNAMESE.test(en!.replace(/Bình chọn xã Phù Lãng 2026|Bình gốm|Chum|Vại/g, "")), `${text} → ${en}`).toBe(false);
      }
    }
  });
});
