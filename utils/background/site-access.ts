/** Background: where DealLens runs beyond the default news sites (granted sites, all sites). */

/** Keeps registered content scripts in line with the settings and granted permissions. */
export function setupSiteAccess(): () => void {
  return () => {};
}
