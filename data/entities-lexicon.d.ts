/** entities.json as `data/lexicon-json.ts` trims it for the content script, each entity packed (`lexicon-pack.ts`). */
declare module '*/entities.json?lexicon' {
  const file: { entities: string[] };
  export default file;
}
