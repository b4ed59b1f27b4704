/** entities.json as `data/lexicon-json.ts` trims it for the content script. */
declare module '*/entities.json?lexicon' {
  const file: { entities: import('./schema.ts').PageEntity[] };
  export default file;
}
