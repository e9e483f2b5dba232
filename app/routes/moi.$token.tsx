import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { readFormData } from "~/lib/action-errors.server";
import { startSession } from "~/lib/auth.server";
import { formatDateTime } from "~/lib/dates";
import { badRequest, clientIp } from "~/lib/http.server";
import { getViewer, requireViewer } from "~/lib/permissions.server";
import { normaliseEmail } from "~/lib/text";
import { fieldErrors, formToObject } from "~/modules/accounts/accounts";
import { AcceptNewAccountSchema } from "~/modules/invitations/invitations";
import { acceptAsUser, acceptWithNewAccount, describeInvitation, InvitationError } from "~/modules/invitations/invitations.server";
import { attemptSucceeded, lockOf, reserveAttempt, tooManyAttempts, type Who } from "~/modules/throttle/throttle.server";
import { Field, FormErrors, SubmitButton } from "~/ui/form";

export const meta: MetaFunction = () => [{ title: "Nhận lời mời - Bình chọn sản phẩm CNNT tiêu biểu" }, { name: "robots", content: "noindex" }];

// The token is a secret: never send it on as a Referer, never cache the page.
const HEADERS = { "Referrer-Policy": "no-referrer", "Cache-Control": "private, no-store" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const inv = describeInvitation(params.token ?? "");
  const viewer = await getViewer(request);
  const viewerEmail = viewer?.user.email ?? null;
  const self = new URL(request.url).pathname;
  if (inv.state !== "valid") {
    // An unusable link is a normal case: a page that says why (410 Gone, 404 for an unknown link).
    return json({ inv, viewerEmail, self, sameEmail: false }, { status: inv.state === "unknown" ? 404 : 410, headers: HEADERS });
  }
  return json({ inv, viewerEmail, self, sameEmail: !!viewerEmail && normaliseEmail(viewerEmail) === inv.email }, { headers: HEADERS });
}

type ActionData = { errors: Record<string, string>; values?: { fullName: string } };

export async function action({ request, params }: ActionFunctionArgs) {
  const token = params.token ?? "";
  const form = await readFormData(request);
  const values = formToObject(form);
  const kept = { fullName: values.fullName ?? "" };
  // Brute-force guard: refusals (dead links, another account) count per account and per address;
  // checked before any password hashing.
  let who: Who | null = null;
  try {
    if (values.intent === "accept") {
      const viewer = await requireViewer(request);
      who = { email: viewer.user.email, ip: clientIp(request) };
      const refused = reserveAttempt("invitation", who);
      if (refused) return tooManyAttempts(refused, { values: kept }, undefined, HEADERS);
      const { home } = acceptAsUser(token, viewer.user.id);
      attemptSucceeded("invitation", who);
      return redirect(home, { headers: HEADERS });
    }
    if (values.intent === "create") {
      const parsed = AcceptNewAccountSchema.safeParse(values);
      if (!parsed.success) return badRequest<ActionData>({ errors: fieldErrors(parsed.error), values: kept });
      const inv = describeInvitation(token);
      who = { email: "email" in inv ? inv.email : null, ip: clientIp(request) };
      const refused = reserveAttempt("invitation", who);
      if (refused) return tooManyAttempts(refused, { values: kept }, undefined, HEADERS);
      const { userId, home } = await acceptWithNewAccount(token, parsed.data);
      attemptSucceeded("invitation", who);
      const cookie = await startSession(userId);
      return redirect(home, { headers: { ...HEADERS, "Set-Cookie": cookie } });
    }
    return badRequest<ActionData>({ errors: { _form: "Thao tác không hợp lệ." } });
  } catch (e) {
    if (e instanceof InvitationError) {
      const locked = who ? lockOf("invitation", who) : null;
      if (locked) return tooManyAttempts(locked, { values: kept }, e.message, HEADERS);
      return json<ActionData>({ errors: { [e.field]: e.message }, values: kept }, { status: e.status, headers: HEADERS });
    }
    throw e;
  }
}

export default function AcceptInvitation() {
  const { inv, viewerEmail, self, sameEmail } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>() as ActionData | undefined;
  if (inv.state !== "valid" || !("email" in inv)) {
    return (
      <div className="auth-box">
        <h1>Lời mời không dùng được</h1>
        <div className="alert error">
          {inv.state === "used"
            ? "Lời mời này đã được sử dụng. Nếu đó là bạn, hãy đăng nhập."
            : inv.state === "expired"
              ? "Lời mời này đã hết hạn. Hãy đề nghị người đã mời bạn gửi lời mời mới."
              : "Liên kết không đúng hoặc không còn tồn tại. Hãy kiểm tra lại đường dẫn trong thư."}
        </div>
        <p>
          <Link to="/dang-nhap">Đăng nhập</Link>
        </p>
      </div>
    );
  }
  return (
    <div className="auth-box invitation">
      <h1>Lời mời tham gia</h1>
      <div className="card">
        {inv.kind === "member" ? (
          <>
            <p>
              Bạn được mời tham gia cơ sở <strong>{inv.title}</strong> với tư cách thành viên, để {inv.detail}.
            </p>
            <p className="small">
              Khi nhận lời mời, bạn trở thành thành viên của cơ sở này: những người quản lý cơ sở sẽ thấy họ tên và email của bạn. Nếu bạn không biết cơ sở này, đừng nhận lời mời.
            </p>
          </>
        ) : (
          <p>
            Bạn được mời làm <strong>{inv.role}</strong> – <strong>{inv.title}</strong>
            {inv.detail ? <> ({inv.detail})</> : null}.
          </p>
        )}
        <dl className="facts small">
          <dt>Email được mời</dt>
          <dd>{inv.email}</dd>
          {inv.invitedBy ? (
            <>
              <dt>Người mời</dt>
              <dd>{inv.invitedBy}</dd>
            </>
          ) : null}
          <dt>Hiệu lực đến</dt>
          <dd>{formatDateTime(inv.expiresAt)}</dd>
        </dl>
      </div>
      <FormErrors errors={data?.errors} />
      {viewerEmail ? (
        sameEmail ? (
          <div className="card">
            <p>Bạn đang đăng nhập bằng {viewerEmail}.</p>
            <Form method="post">
              <input type="hidden" name="intent" value="accept" />
              <SubmitButton className="button block">Nhận lời mời</SubmitButton>
            </Form>
          </div>
        ) : (
          <div className="alert error">
            Bạn đang đăng nhập bằng {viewerEmail}, nhưng lời mời gửi tới {inv.email}. Hãy đăng xuất rồi mở lại liên kết này.
            <Form method="post" action="/dang-xuat" className="inline-form">
              {" "}
              <button type="submit" className="link-button">
                Đăng xuất
              </button>
            </Form>
          </div>
        )
      ) : inv.accountExists ? (
        <div className="card">
          <p>Email {inv.email} đã có tài khoản trên hệ thống. Hãy đăng nhập bằng tài khoản đó để nhận lời mời.</p>
          <Link className="button block" to={`/dang-nhap?next=${encodeURIComponent(self)}`}>
            Đăng nhập để nhận lời mời
          </Link>
        </div>
      ) : (
        <div className="card">
          <h2>Tạo tài khoản</h2>
          <Form method="post" className="form" noValidate>
            <input type="hidden" name="intent" value="create" />
            <Field name="email" label="Email" value={inv.email} readOnly disabled />
            <Field name="fullName" label="Họ và tên" required autoComplete="name" defaultValue={data?.values?.fullName ?? inv.suggestedName} errors={data?.errors} />
            <Field name="password" type="password" label="Mật khẩu" hint="Ít nhất 8 ký tự." required autoComplete="new-password" errors={data?.errors} />
            <Field name="passwordConfirm" type="password" label="Nhập lại mật khẩu" required autoComplete="new-password" errors={data?.errors} />
            <SubmitButton className="button block">Tạo tài khoản và nhận lời mời</SubmitButton>
          </Form>
        </div>
      )}
    </div>
  );
}
