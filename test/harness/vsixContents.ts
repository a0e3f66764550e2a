// What the shipped VSIX may contain (mirrors .vscodeignore): the bundles, media (schemas and
// snippets included), the manifest and the docs. Used by a unit test on vsce's file list and by the
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
  /^media\//,
];

// Written by vsce into the archive, or by VS Code next to an installed extension.
const PACKAGING_METADATA = /^(extension\.vsixmanifest|\[Content_Types\]\.xml|\.vsixmanifest)$/;

/** The entries of `files` (paths relative to the extension root, `/`-separated) that must not ship. */
export function unexpectedVsixEntries(files: string[]): string[] {
  return files.filter((file) => !PACKAGING_METADATA.test(file) && !ALLOWED.some((pattern) => pattern.test(file)));
}
