import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { endSession } from "~/lib/auth.server";

export async function action({ request }: ActionFunctionArgs) {
  return redirect("/", { headers: { "Set-Cookie": await endSession(request) } });
}

/** Logging out is a POST; a GET (typed address, old link) just goes home. */
export async function loader() {
  return redirect("/");
}
