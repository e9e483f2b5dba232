import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { readFormData } from "~/lib/action-errors.server";
import { safeRedirectPath } from "~/lib/http.server";
import { localeCookie } from "~/lib/locale.server";

export async function action({ request }: ActionFunctionArgs) {
  const form = await readFormData(request);
  const locale = form.get("locale") === "en" ? "en" : "vi";
  return redirect(safeRedirectPath(form.get("redirectTo")), {
    headers: { "Set-Cookie": await localeCookie.serialize(locale) },
  });
}

export async function loader() {
  return redirect("/");
}
