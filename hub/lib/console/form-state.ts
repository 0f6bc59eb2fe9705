/** What a settings form shows after its server action ran. */
export type TFormState = {
  status: "idle" | "ok" | "error";
  message: string;
  /** A secret to show once (a new site's identity secret, a revealed or rotated one). */
  secret?: string;
};

export const IDLE_FORM: TFormState = { status: "idle", message: "" };

/** A form's fields as an object; repeated names (checkbox groups) become arrays. */
export function formFields(formData: FormData, multi: readonly string[] = []): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const key of new Set(formData.keys())) {
    const values = formData.getAll(key).filter((v): v is string => typeof v === "string");
    fields[key] = multi.includes(key) ? values : values[0];
  }
  for (const key of multi) fields[key] ??= [];
  return fields;
}
