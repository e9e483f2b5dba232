/**
 * Texts of the producer's complaint pages (/co-so/khieu-nai...) in Vietnamese and English, the
 * complaint statuses, outcomes and steps, and the notes the complaints module stores on its steps.
 * The receipt PDF stays Vietnamese (an administrative document). "{name}" placeholders are filled from vars.
 */
import type { ComplaintOutcome, ComplaintStatus } from "~/modules/complaints/complaints";
import { COMPLAINT_EVENT_LABELS, COMPLAINT_OUTCOME_LABELS, COMPLAINT_STATUS_LABELS } from "~/modules/complaints/complaints";
import { useLocale, type Locale } from "./index";
import { localizeMessage } from "./messages";

export const complaintsVi = {
  "title.list": "Khiếu nại kết quả",
  "title.one": "Khiếu nại {number}",
  "title.suffix": "Cơ sở của tôi",
  "back": "← Cơ sở của tôi",
  "heading": "Khiếu nại kết quả bình chọn",
  "lead": "Sau khi kết quả được công bố, cơ sở có sản phẩm dự thi được khiếu nại về kết quả của sản phẩm đó trong thời hạn của kỳ bình chọn. Hội đồng trả lời trong thời hạn ghi trên biên nhận; bạn được báo ở mỗi bước.",
  "filed": "Khiếu nại đã nộp",
  "answerDue": "Hạn trả lời: {date}",
  "new": "Nộp khiếu nại mới",
  "recognised": "được công nhận",
  "notRecognised": "chưa được công nhận",
  "openComplaint": "đang có khiếu nại",
  "inWindow": "nhận khiếu nại đến hết ngày {date}",
  "windowOver": "đã hết thời hạn khiếu nại (ngày {date})",
  "noOptions": "Cơ sở chưa có sản phẩm nào trong kỳ bình chọn đã công bố kết quả.",
  "product": "Sản phẩm khiếu nại",
  "chooseProduct": "— Chọn sản phẩm —",
  "pickProduct": "Hãy chọn sản phẩm bạn khiếu nại về kết quả.",
  "body": "Nội dung khiếu nại",
  "bodyHint": "Kết quả nào bạn cho là chưa đúng, vì sao, và bạn đề nghị Hội đồng xem xét lại điều gì.",
  "named": "Khiếu nại về việc chấm của giám khảo (không bắt buộc)",
  "noNamed": "— Không nêu giám khảo nào —",
  "namedHint": "Giám khảo được nêu sẽ không được giao rà soát lại khiếu nại này.",
  "files": "Tài liệu kèm theo (không bắt buộc)",
  "filesHint": "PDF hoặc ảnh JPEG, PNG, WebP; tối đa {n} tệp.",
  "sending": "Đang gửi…",
  "submit": "Nộp khiếu nại",
  "noneInWindow": "Hiện không có sản phẩm nào còn trong thời hạn khiếu nại.",
  "backToList": "← Khiếu nại kết quả",
  "filedOk": "Đã nộp khiếu nại số {number}. Hội đồng trả lời trước ngày {date}; bạn được báo ở mỗi bước.",
  "productLabel": "Sản phẩm",
  "round": "Kỳ bình chọn",
  "filedOn": "Ngày nộp",
  "answerDueLabel": "Hạn trả lời",
  "content": "Nội dung",
  "attachments": "Tài liệu kèm theo",
  "receipt": "Tải biên nhận (PDF)",
  "answer": "Trả lời của Hội đồng",
  "amended": "Kết quả đã được điều chỉnh theo Quyết định số {number} ngày {date}.",
  "steps": "Các bước giải quyết",
  "status.open": "Đang xem xét",
  "status.rechecking": "Đang rà soát lại",
  "status.answered": "Đã trả lời, chờ điều chỉnh kết quả",
  "status.closed": "Đã giải quyết xong",
  "outcome.upheld": "Khiếu nại đúng",
  "outcome.partly": "Khiếu nại đúng một phần",
  "outcome.rejected": "Khiếu nại sai (không chấp nhận)",
  "event.filed": "Nộp khiếu nại",
  "event.recheck_asked": "Hội đồng giao rà soát lại",
  "event.recheck_done": "Đã rà soát lại",
  "event.answered": "Hội đồng trả lời khiếu nại",
  "event.sheets_reopened": "Mở lại phiếu chấm để chấm lại",
  "event.corrected": "Điều chỉnh kết quả theo quyết định sửa đổi",
  "event.closed": "Đóng khiếu nại",
  "note.file": "{n} tệp kèm theo.",
  "note.files": "{n} tệp kèm theo.",
  "note.recognisedBy": "Công nhận theo Quyết định số {number} ngày {date}",
  "note.notRecognisedBy": "Không công nhận theo Quyết định số {number} ngày {date}",
  "note.certIssued": "; cấp giấy chứng nhận số {number}",
  "note.certRevoked": "; thu hồi giấy chứng nhận số {number}",
  "note.certPending": "; giấy chứng nhận được cấp ở trang Giấy chứng nhận",
} as const;

export type ComplaintsKey = keyof typeof complaintsVi;

export const complaintsEn: Record<ComplaintsKey, string> = {
  "title.list": "Complaints about results",
  "title.one": "Complaint {number}",
  "title.suffix": "My establishment",
  "back": "← My establishment",
  "heading": "Complaints about results",
  "lead": "Once the results are published, an establishment with a product in the round may complain about that product's result within the round's complaint period. The council answers by the date on the receipt; you are told at each step.",
  "filed": "Complaints filed",
  "answerDue": "Answer due: {date}",
  "new": "File a new complaint",
  "recognised": "recognised",
  "notRecognised": "not recognised",
  "openComplaint": "complaint in progress",
  "inWindow": "complaints accepted until the end of {date}",
  "windowOver": "complaint period over ({date})",
  "noOptions": "The establishment has no product in a round whose results have been published.",
  "product": "Product complained about",
  "chooseProduct": "— Choose a product —",
  "pickProduct": "Choose the product whose result you complain about.",
  "body": "Complaint",
  "bodyHint": "Which result you believe is wrong, why, and what you ask the council to review.",
  "named": "Complaint about a judge's scoring (optional)",
  "noNamed": "— No judge named —",
  "namedHint": "A judge named here will not be asked to re-check this complaint.",
  "files": "Supporting documents (optional)",
  "filesHint": "PDF or JPEG, PNG, WebP images; at most {n} files.",
  "sending": "Sending…",
  "submit": "File the complaint",
  "noneInWindow": "No product is within its complaint period right now.",
  "backToList": "← Complaints about results",
  "filedOk": "Complaint no. {number} filed. The council answers by {date}; you are told at each step.",
  "productLabel": "Product",
  "round": "Round",
  "filedOn": "Filed on",
  "answerDueLabel": "Answer due",
  "content": "Complaint",
  "attachments": "Supporting documents",
  "receipt": "Download the receipt (PDF, in Vietnamese)",
  "answer": "The council's answer",
  "amended": "The result was amended by Decision No. {number} of {date}.",
  "steps": "Steps taken",
  "status.open": "Under review",
  "status.rechecking": "Being re-checked",
  "status.answered": "Answered, result to be amended",
  "status.closed": "Resolved",
  "outcome.upheld": "Complaint upheld",
  "outcome.partly": "Complaint partly upheld",
  "outcome.rejected": "Complaint rejected",
  "event.filed": "Complaint filed",
  "event.recheck_asked": "Council asked for a re-check",
  "event.recheck_done": "Re-check done",
  "event.answered": "Council answered the complaint",
  "event.sheets_reopened": "Score sheets reopened for re-scoring",
  "event.corrected": "Result amended by an amending decision",
  "event.closed": "Complaint closed",
  "note.file": "{n} file attached.",
  "note.files": "{n} files attached.",
  "note.recognisedBy": "Recognised by Decision No. {number} of {date}",
  "note.notRecognisedBy": "Not recognised by Decision No. {number} of {date}",
  "note.certIssued": "; certificate no. {number} issued",
  "note.certRevoked": "; certificate no. {number} revoked",
  "note.certPending": "; the certificate is issued on the Certificates page",
};

export function complaintsText(locale: Locale, key: ComplaintsKey, vars: Record<string, string | number> = {}): string {
  const s: string = (locale === "en" ? complaintsEn[key] : undefined) ?? complaintsVi[key];
  return s.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}

export function useComplaintsT() {
  const locale = useLocale();
  return (key: ComplaintsKey, vars?: Record<string, string | number>) => complaintsText(locale, key, vars);
}

export function complaintStatusLabel(locale: Locale, s: ComplaintStatus): string {
  return locale === "en" ? complaintsEn[`status.${s}`] : COMPLAINT_STATUS_LABELS[s];
}

export function complaintOutcomeLabel(locale: Locale, o: ComplaintOutcome): string {
  return locale === "en" ? complaintsEn[`outcome.${o}`] : COMPLAINT_OUTCOME_LABELS[o];
}

export function complaintEventLabel(locale: Locale, kind: string): string {
  if (locale !== "en") return COMPLAINT_EVENT_LABELS[kind] ?? kind;
  return (complaintsEn as Record<string, string>)[`event.${kind}`] ?? COMPLAINT_EVENT_LABELS[kind] ?? kind;
}

/** A form error of the complaint form: this page's own message, else a module message. */
export function complaintFormMessage(locale: Locale, text: string | null | undefined): string {
  if (text == null) return "";
  if (locale === "en" && text === complaintsVi.pickProduct) return complaintsEn.pickProduct;
  return localizeMessage(locale, text);
}

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * The note the complaints module stored on a step, in the reader's language: the generated parts
 * ("2 tệp kèm theo.", the outcome before the council's answer, the amendment summary) are translated;
 * what people wrote (the answer, a reason) stays as written.
 */
export function complaintNoteText(locale: Locale, kind: string, note: string | null | undefined): string {
  if (note == null) return "";
  if (locale !== "en") return note;
  const known = localizeMessage(locale, note);
  if (known !== note) return known;
  if (kind === "filed") {
    const m = note.match(/^(\d+) tệp kèm theo\.$/);
    if (m) return complaintsText(locale, m[1] === "1" ? "note.file" : "note.files", { n: m[1]! });
  }
  if (kind === "answered") {
    for (const o of Object.keys(COMPLAINT_OUTCOME_LABELS) as ComplaintOutcome[]) {
      const prefix = `${COMPLAINT_OUTCOME_LABELS[o]}. `;
      if (note.startsWith(prefix)) return `${complaintsEn[`outcome.${o}`]}. ${note.slice(prefix.length)}`;
    }
  }
  if (kind === "corrected") {
    const m = note.match(/^(Công nhận|Không công nhận) theo Quyết định số (.+?) ngày (\d{2}\/\d{2}\/\d{4})(.*)\.$/);
    if (m) {
      let out = complaintsText(locale, m[1] === "Công nhận" ? "note.recognisedBy" : "note.notRecognisedBy", { number: m[2]!, date: m[3]! });
      let rest = m[4] ?? "";
      const issued = rest.match(new RegExp(`^${esc("; cấp giấy chứng nhận số ")}(\\S+)`));
      if (issued) {
        out += complaintsText(locale, "note.certIssued", { number: issued[1]! });
        rest = rest.slice(issued[0].length);
      }
      const revoked = rest.match(new RegExp(`^${esc("; thu hồi giấy chứng nhận số ")}(\\S+)`));
      if (revoked) {
        out += complaintsText(locale, "note.certRevoked", { number: revoked[1]! });
        rest = rest.slice(revoked[0].length);
      }
      if (rest.startsWith(complaintsVi["note.certPending"])) {
        out += complaintsEn["note.certPending"];
        rest = rest.slice(complaintsVi["note.certPending"].length);
      }
      if (!rest) return `${out}.`;
    }
  }
  return localizeMessage(locale, note);
}
