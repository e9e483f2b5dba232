import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { expectedErrorResponse, readFormData } from "~/lib/action-errors.server";
import { formatDate } from "~/lib/dates";
import { requireRole } from "~/lib/permissions.server";
import { formToObject } from "~/modules/accounts/accounts";
import { listOpenRoundsFor, registerEntry } from "~/modules/entries/entries.server";
import { currentEstablishment, producerHome } from "~/modules/producers/producers.server";
import { SubmitButton } from "~/ui/form";
import { ENTRY_STATUS_LABELS, LEVEL_LABELS } from "~/ui/labels";
import { formatPassMark } from "~/modules/reports/reports";

export const meta: MetaFunction = () => [{ title: "Kỳ bình chọn đang mở - Cơ sở của tôi" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { principal } = await requireRole(request, "producer");
  const est = currentEstablishment(principal);
  const home = producerHome(principal).find((h) => h.establishment.id === est.id)!;
  return json({ rounds: listOpenRoundsFor(principal, est.id), products: home.products, profileComplete: home.establishment.profileComplete });
}

const RegisterSchema = z.object({
  roundId: z.coerce.number().int().positive(),
  productId: z.coerce.number({ invalid_type_error: "Vui lòng chọn sản phẩm." }).int().positive("Vui lòng chọn sản phẩm."),
});

export async function action({ request }: ActionFunctionArgs) {
  const { principal } = await requireRole(request, "producer");
  const est = currentEstablishment(principal);
  const values = formToObject(await readFormData(request));
  const parsed = RegisterSchema.safeParse(values);
  if (!parsed.success) {
    return json({ ok: false as const, roundId: Number(values.roundId) || 0, message: "Vui lòng chọn sản phẩm để đăng ký.", errors: { productId: "Vui lòng chọn sản phẩm." } as Record<string, string> }, { status: 400 });
  }
  try {
    const entryId = registerEntry(principal, est.id, parsed.data.roundId, parsed.data.productId);
    return redirect(`/co-so/du-thi/${entryId}?moi=1`);
  } catch (e) {
    return expectedErrorResponse(e, { roundId: parsed.data.roundId });
  }
}

const TIMELINE: [string, string, string | null][] = [
  ["Nhận hồ sơ", "registrationOpensOn", "registrationClosesOn"],
  ["Chấm hồ sơ", "dossierScoringFrom", "dossierScoringTo"],
  ["Chấm trực tiếp sản phẩm", "directScoringFrom", "directScoringTo"],
  ["Họp Hội đồng", "councilMeetingOn", null],
  ["Công bố kết quả", "announcementOn", null],
];

export default function OpenRounds() {
  const { rounds, products, profileComplete } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  // ?vong=<id>: the round chosen on the home page ("Đăng ký tham gia"), after log-in or sign-up.
  const [params] = useSearchParams();
  const chosen = Number(params.get("vong")) || 0;
  const chosenMissing = chosen > 0 && !rounds.some((r) => r.id === chosen);
  return (
    <div>
      <p className="small">
        <Link to="/co-so">← Cơ sở của tôi</Link>
      </p>
      <h1>Kỳ bình chọn đang mở</h1>
      <p className="muted">Các kỳ bình chọn cấp xã, cấp tỉnh trên địa bàn của cơ sở. Kỳ cấp khu vực và quốc gia do cơ quan tổ chức cấp dưới giới thiệu, không đăng ký trực tiếp.</p>
      {!profileComplete ? (
        <div className="alert info">
          Thông tin cơ sở chưa đầy đủ (mã số, địa chỉ xã/phường, điện thoại). <Link to="/co-so/thong-tin">Bổ sung thông tin cơ sở</Link> để thấy đúng các kỳ bình chọn trên địa bàn.
        </div>
      ) : null}
      {chosenMissing ? (
        <div className="alert info" role="status">
          Kỳ bình chọn bạn chọn không mở cho cơ sở này: mỗi kỳ chỉ nhận cơ sở có địa chỉ trên địa bàn của kỳ, và chỉ trong thời gian nhận hồ sơ. Hãy kiểm tra xã/phường trong <Link to="/co-so/thong-tin">thông tin cơ sở</Link>.
        </div>
      ) : null}
      {rounds.length === 0 ? <p className="card muted">Hiện không có kỳ bình chọn nào đang nhận hồ sơ trên địa bàn của cơ sở.</p> : null}
      {rounds.map((r) => {
        const taken = new Set(r.myEntries.map((m) => m.productId));
        const choices = products.filter((p) => !taken.has(p.id));
        const err = data && !data.ok && "roundId" in data && data.roundId === r.id ? data.message : null;
        return (
          <section className={`card${r.id === chosen ? " chosen-round" : ""}`} key={r.id} aria-labelledby={`round-${r.id}`}>
            <h2 id={`round-${r.id}`}>{r.title}</h2>
            <div className="row small">
              <span className="badge">{LEVEL_LABELS[r.level]}</span>
              <span className="muted">{r.bodyName}</span>
              {r.registrationState === "open" ? <span className="badge ok">Đang nhận hồ sơ</span> : r.registrationState === "closed" ? <span className="badge bad">Đã hết hạn đăng ký</span> : <span className="badge warn">Chưa mở đăng ký</span>}
            </div>
            <dl className="facts" style={{ marginTop: 10 }}>
              {TIMELINE.map(([label, from, to]) => {
                const a = r.timeline[from as keyof typeof r.timeline];
                const b = to ? r.timeline[to as keyof typeof r.timeline] : null;
                if (!a && !b) return null;
                return (
                  <div key={label} style={{ display: "contents" }}>
                    <dt>{label}</dt>
                    <dd>{b ? `${formatDate(a)} – ${formatDate(b)}` : formatDate(a)}</dd>
                  </div>
                );
              })}
              <dt>Điểm đạt</dt>
              <dd>Từ {formatPassMark(r.passMarkTenths)}/100 điểm</dd>
            </dl>
            {r.rules ? (
              <details style={{ marginTop: 8 }}>
                <summary>Thể lệ</summary>
                <p>{r.rules}</p>
              </details>
            ) : null}
            {r.myEntries.length ? (
              <ul className="list-plain small">
                {r.myEntries.map((m) => (
                  <li key={m.entryId}>
                    <Link to={`/co-so/du-thi/${m.entryId}`}>{products.find((p) => p.id === m.productId)?.name ?? "Hồ sơ"}</Link> · {ENTRY_STATUS_LABELS[m.status]}
                  </li>
                ))}
              </ul>
            ) : null}
            {r.registrationState === "open" ? (
              choices.length ? (
                <Form method="post" className="inline-fields" style={{ marginTop: 10 }}>
                  <input type="hidden" name="roundId" value={r.id} />
                  <div className={`field${err ? " has-error" : ""}`}>
                    <label htmlFor={`product-${r.id}`}>Sản phẩm đăng ký</label>
                    <select id={`product-${r.id}`} name="productId" defaultValue="" required>
                      <option value="">— Chọn sản phẩm —</option>
                      {choices.map((p) => (
                        <option key={p.id} value={p.id}>
                          {p.name}
                        </option>
                      ))}
                    </select>
                    {err ? <div className="field-error" role="alert">{err}</div> : null}
                  </div>
                  <SubmitButton>Đăng ký tham gia</SubmitButton>
                </Form>
              ) : (
                <p className="small">
                  {products.length ? "Tất cả sản phẩm đã được đăng ký vào kỳ này." : "Cơ sở chưa có sản phẩm."} <Link to="/co-so/san-pham/moi">Thêm sản phẩm</Link>
                </p>
              )
            ) : null}
          </section>
        );
      })}
    </div>
  );
}
