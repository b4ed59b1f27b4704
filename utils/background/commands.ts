/** Background: keyboard commands (next/previous mention) and the card's "Search all deals". */

/** Starts listening for the manifest commands. */
export function setupCommands(): () => void {
  return () => {};
}
