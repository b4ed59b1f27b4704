/** Background: the toolbar badge counts the companies a tab mentions. */

/** Starts keeping badges current. */
export function setupBadge(): () => void {
  return () => {};
}
