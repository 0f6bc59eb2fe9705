import { redirect } from "next/navigation";
import { connection } from "next/server";
import { getPageMember, homeOf } from "../lib/auth/page-member";
import { isSetupNeeded } from "../lib/auth/setup-state";
import { getHub } from "../lib/runtime";

/** `/`: first-run setup while no workspace exists, else the console (or sign-in first). */
export default async function HomePage(): Promise<never> {
  await connection();
  if (await isSetupNeeded(getHub())) redirect("/setup");
  const signedIn = await getPageMember();
  redirect(signedIn === null ? "/signin" : homeOf(signedIn));
}
