// What the shipped VSIX may contain (mirrors .vscodeignore): the bundles, media (icons, pictures,
// schemas and snippets), the manifest and the docs. Used by a unit test on vsce's file list and by the
// harness on the folder that code-server actually installed from the VSIX.

const ALLOWED: RegExp[] = [
  /^package\.json$/,
  // The English texts of the contributions, and their translations.
  /^package\.nls(\.[^./]+)?\.json$/,
  // vsce writes these as readme.md, changelog.md and LICENSE.txt.
  /^README\.md$/i,
  /^CHANGELOG\.md$/i,
  /^LICENSE(\.(md|txt))?$/i,
  /^dist\/extension\.js$/,
  /^dist\/server\.js$/,
  // The webview bundles, plus the codicon font their icons come from.
  /^dist\/webview\/[^/]+\.(js|css|ttf)$/,
  // The icons, walkthrough and README pictures, the code's texts (l10n bundles), JSON Schemas and
  // snippets (not the icon's SVG source).
  /^media\/(icon\.png|riptide\.svg|l10n\/bundle\.l10n(\.[^./]+)?\.json|schemas\/[^/]+\.json|screenshots\/[^/]+\.png|snippets\/[^/]+\.code-snippets)$/,
];

// Written by vsce into the archive, or by VS Code next to an installed extension.
const PACKAGING_METADATA = /^(extension\.vsixmanifest|\[Content_Types\]\.xml|\.vsixmanifest)$/;

/** The entries of `files` (paths relative to the extension root, `/`-separated) that must not ship. */
export function unexpectedVsixEntries(files: string[]): string[] {
  return files.filter((file) => !PACKAGING_METADATA.test(file) && !ALLOWED.some((pattern) => pattern.test(file)));
}

/**
 * The files and folders under media/ that the manifest (icons, walkthrough images, the l10n
 * folder, schemas, snippets) and the README (its pictures) use: media/ ships exactly these.
 */
export function referencedMedia(manifestText: string, readme: string): string[] {
  const found = new Set<string>();
  for (const [, file] of manifestText.matchAll(/"(?:\.\/)?(media\/[^"]+)"/g)) found.add(file);
  for (const [, file] of readme.matchAll(/\]\((?:\.\/)?(media\/[^)\s]+)\)/g)) found.add(file);
  return [...found].sort();
}
