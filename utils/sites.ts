/** The news sites DealLens reads by default; the manifest's content-script matches come from here. */
export const DEFAULT_SITES = [
  'reuters.com',
  'apnews.com',
  'cnbc.com',
  'bloomberg.com',
  'theverge.com',
  'techcrunch.com',
  'wsj.com',
  'nytimes.com',
  'ft.com',
  'bbc.com',
  'bbc.co.uk',
  'theguardian.com',
  'geekwire.com',
  'techspot.com',
  'manufacturing.net',
  'arstechnica.com',
  'axios.com',
  'businessinsider.com',
  'fortune.com',
  'forbes.com',
  'theinformation.com',
  'semafor.com',
  'wired.com',
  'zdnet.com',
  'venturebeat.com',
  'siliconangle.com',
  'datacenterdynamics.com',
  'theregister.com',
] as const;

/** Whether `site` (a normalized site) is one of the default news sites itself. */
export const isDefaultSite = (site: string): boolean => (DEFAULT_SITES as readonly string[]).includes(site);

/** Match patterns for a site and its subdomains: `*://reuters.com/*` and `*://*.reuters.com/*`. */
export function sitePatterns(site: string): string[] {
  return [`*://${site}/*`, `*://*.${site}/*`];
}

/** The hostname's registrable site from the list, if any ("www.reuters.com" → "reuters.com"). */
export function siteOf(hostname: string, sites: readonly string[] = DEFAULT_SITES): string | undefined {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  return sites.find((s) => host === s || host.endsWith(`.${s}`));
}
