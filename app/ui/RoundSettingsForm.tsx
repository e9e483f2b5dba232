import { Form } from "@remix-run/react";
import { useEffect, useState } from "react";
import { TIE_BREAK_PRESETS } from "~/modules/rounds/rounds";
import { DateField } from "./DateField";
import { Field, FormErrors, SelectField, SubmitButton } from "./form";

type Values = Record<string, string | string[]>;

/** The round's settings form, shared by "create" and "settings". Works without JavaScript. */
export function RoundSettingsForm({
  values,
  errors,
  docTypes,
  frozen,
  submitLabel,
  children,
}: {
  values: Values;
  errors?: Record<string, string>;
  docTypes: { code: string; name: string; requirement: string }[];
  /** Settings that can no longer change (scoring started). */
  frozen: string[];
  submitLabel: string;
  children?: React.ReactNode;
}) {
  const v = (k: string) => (typeof values[k] === "string" ? (values[k] as string) : "");
  const isFrozen = (k: string) => frozen.includes(k);
  const required = new Set(Array.isArray(values.requiredDocumentTypes) ? values.requiredDocumentTypes : []);
  const date = (name: string, label: string) => <DateField name={name} label={label} defaultValue={v(name)} errors={errors} />;
  // Without JavaScript the server checks everything (its messages are Vietnamese; the browser's
  // would not be); with it, the browser checks first, in Vietnamese (root.tsx, docs/decisions/0033).
  const [live, setLive] = useState(false);
  useEffect(() => setLive(true), []);
  return (
    <Form method="post" className="form" noValidate={!live}>
      <FormErrors errors={errors} />
      {children}
      <fieldset>
        <legend>Kỳ bình chọn</legend>
        <Field name="title" label="Tên kỳ bình chọn" required minLength={5} maxLength={300} placeholder="ví dụ Bình chọn sản phẩm CNNT tiêu biểu tỉnh Bắc Ninh năm 2027" defaultValue={v("title")} errors={errors} />
        <Field name="year" type="number" inputMode="numeric" label="Năm" required defaultValue={v("year")} errors={errors} min={2010} max={2100} />
        <div className={`field${errors?.rules ? " has-error" : ""}`}>
          <label htmlFor="f-rules">Thể lệ</label>
          <textarea id="f-rules" name="rules" rows={4} defaultValue={v("rules")} />
          {errors?.rules ? <div className="field-error">{errors.rules}</div> : null}
        </div>
      </fieldset>
      <fieldset>
        <legend>Thời gian</legend>
        <div className="grid grid-2">
          {date("registrationOpensOn", "Mở nhận hồ sơ")}
          {date("registrationClosesOn", "Đóng nhận hồ sơ")}
          {date("dossierScoringFrom", "Chấm hồ sơ từ")}
          {date("dossierScoringTo", "Chấm hồ sơ đến")}
          {date("directScoringFrom", "Chấm trực tiếp từ")}
          {date("directScoringTo", "Chấm trực tiếp đến")}
          {date("councilMeetingOn", "Họp Hội đồng")}
          {date("announcementOn", "Công bố kết quả")}
        </div>
      </fieldset>
      <fieldset>
        <legend>Chấm điểm và công nhận</legend>
        {frozen.length ? <p className="small muted">Đã bắt đầu chấm điểm: các thiết lập ảnh hưởng đến điểm và kết quả được giữ nguyên.</p> : null}
        <div className="grid grid-2">
          <Field name="passMarkTenths" label="Điểm đạt (trên 100)" inputMode="decimal" required defaultValue={v("passMarkTenths")} errors={errors} readOnly={isFrozen("passMarkTenths")} />
          <Field name="recognitionCap" label="Số sản phẩm công nhận tối đa" hint="Để trống nếu không giới hạn." inputMode="numeric" defaultValue={v("recognitionCap")} errors={errors} readOnly={isFrozen("recognitionCap")} />
          <SelectField
            name="scoringStages"
            label="Số vòng chấm"
            defaultValue={v("scoringStages")}
            errors={errors}
            options={[
              { value: "1", label: "Một vòng" },
              { value: "2", label: "Hai vòng (chấm hồ sơ, chọn vào vòng 2, chấm lại)" },
            ]}
            disabled={isFrozen("scoringStages")}
          />
          <SelectField
            name="tieBreak"
            label="Khi bằng điểm trung bình"
            defaultValue={v("tieBreak")}
            errors={errors}
            options={Object.entries(TIE_BREAK_PRESETS).map(([k, p]) => ({ value: k, label: p.label }))}
            disabled={isFrozen("tieBreak")}
          />
          <Field name="discrepancyToleranceTenths" label="Chênh lệch điểm giữa giám khảo cần xem lại (điểm)" inputMode="decimal" required defaultValue={v("discrepancyToleranceTenths")} errors={errors} readOnly={isFrozen("discrepancyToleranceTenths")} />
          <Field name="minJudgesPerEntry" type="number" min={1} max={30} label="Số giám khảo tối thiểu mỗi sản phẩm" required defaultValue={v("minJudgesPerEntry")} errors={errors} readOnly={isFrozen("minJudgesPerEntry")} />
          <Field name="certificateValidityMonths" type="number" min={1} max={120} label="Thời hạn giấy chứng nhận (tháng)" required defaultValue={v("certificateValidityMonths")} errors={errors} readOnly={isFrozen("certificateValidityMonths")} />
          <Field name="intakeAnswerWorkingDays" type="number" label="Trả lời hồ sơ trong (ngày làm việc)" required defaultValue={v("intakeAnswerWorkingDays")} errors={errors} min={1} max={30} />
          <Field name="certificateNumberPattern" label="Mẫu số giấy chứng nhận" hint="{seq} số thứ tự, {level} cấp, {year} năm." required defaultValue={v("certificateNumberPattern")} errors={errors} />
        </div>
        {/* Disabled selects are not sent: keep their value. */}
        {isFrozen("scoringStages") ? <input type="hidden" name="scoringStages" value={v("scoringStages")} /> : null}
        {isFrozen("tieBreak") ? <input type="hidden" name="tieBreak" value={v("tieBreak")} /> : null}
      </fieldset>
      <fieldset>
        <legend>Sau khi công bố</legend>
        {isFrozen("complaintWindowWorkingDays") ? <p className="small muted">Đã bắt đầu chấm điểm: thời hạn khiếu nại và trả lời khiếu nại được giữ nguyên.</p> : null}
        <div className="grid grid-2">
          <Field
            name="complaintWindowWorkingDays"
            type="number"
            inputMode="numeric"
            min={1}
            max={60}
            label="Thời hạn khiếu nại (ngày làm việc sau khi công bố)"
            hint="Từ 1 đến 60 ngày làm việc; mặc định 10."
            required
            defaultValue={v("complaintWindowWorkingDays")}
            errors={errors}
            readOnly={isFrozen("complaintWindowWorkingDays")}
          />
          <Field
            name="complaintAnswerDays"
            type="number"
            inputMode="numeric"
            min={1}
            max={90}
            label="Thời hạn trả lời khiếu nại (ngày)"
            hint="Từ 1 đến 90 ngày; mặc định 30."
            required
            defaultValue={v("complaintAnswerDays")}
            errors={errors}
            readOnly={isFrozen("complaintAnswerDays")}
          />
        </div>
        <div className={`field${errors?.releaseComments ? " has-error" : ""}`}>
          <label style={{ fontWeight: 400 }}>
            <input type="checkbox" name="releaseComments" value="1" defaultChecked={v("releaseComments") === "1"} disabled={isFrozen("releaseComments")} /> Cho cơ sở xem nhận xét của giám
            khảo sau khi công bố
          </label>
          <span className="hint">{isFrozen("releaseComments") ? "Kết quả đã công bố: không đổi được nữa." : "Mặc định không. Có thể đổi cho đến khi công bố kết quả."}</span>
          {isFrozen("releaseComments") && v("releaseComments") === "1" ? <input type="hidden" name="releaseComments" value="1" /> : null}
          {errors?.releaseComments ? <div className="field-error">{errors.releaseComments}</div> : null}
        </div>
      </fieldset>
      <fieldset>
        <legend>Tài liệu bắt buộc</legend>
        <p className="small muted">Không chọn mục nào: dùng mặc định (phiếu đăng ký, giấy đăng ký kinh doanh, thuyết minh, 3 ảnh; chứng nhận an toàn thực phẩm với nhóm 2; quyết định và giấy chứng nhận cấp dưới với cấp khu vực, quốc gia).</p>
        {docTypes.map((d) => (
          <div className="field" key={d.code} style={{ marginBottom: 6 }}>
            <label style={{ fontWeight: 400 }}>
              <input type="checkbox" name="requiredDocumentTypes" value={d.code} defaultChecked={required.has(d.code)} disabled={isFrozen("requiredDocumentTypes")} /> {d.name}
            </label>
            {isFrozen("requiredDocumentTypes") && required.has(d.code) ? <input type="hidden" name="requiredDocumentTypes" value={d.code} /> : null}
          </div>
        ))}
        {errors?.requiredDocumentTypes ? <div className="field-error">{errors.requiredDocumentTypes}</div> : null}
      </fieldset>
      <SubmitButton pendingText="Đang lưu…">{submitLabel}</SubmitButton>
    </Form>
  );
}

/** FormData → the settings object (checkbox lists kept as arrays). */
export function settingsFromForm(form: FormData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of form.entries()) if (typeof v === "string" && k !== "requiredDocumentTypes") out[k] = v;
  out.requiredDocumentTypes = form.getAll("requiredDocumentTypes").filter((x): x is string => typeof x === "string");
  return out;
}
