/** One way to name a camera for people (filter choices, the inspector, the CLI). */

/**
 * Make and model as one name, the make left out when the model already starts with it ("Canon EOS R6", not "Canon
 * Canon EOS R6"; "NIKON D750" for "NIKON CORPORATION" + "NIKON D750"); null when neither is known.
 */
export function cameraName(make: string | null, model: string | null): string | null {
  const m = make?.trim() ?? '';
  const mod = model?.trim() ?? '';
  if (!mod) return m || null;
  const brand = m.toLowerCase().split(' ')[0] ?? '';
  return m && !mod.toLowerCase().startsWith(brand) ? `${m} ${mod}` : mod;
}
