import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import entitiesFile from '../../data/entities.json' with { type: 'json' };
import { type Entity, EntitySchema } from '../../data/schema.ts';
import { detectText } from '../../utils/detect.ts';
import { buildLexicon, findMentions, matchCandidates } from '../../utils/matcher.ts';

const entities = entitiesFile.entities as unknown as Entity[];
const lex = buildLexicon(entities);

/** "entity:text" for every unambiguous mention the matcher finds. */
const found = (text: string) => findMentions(lex, text).map((m) => `${m.entity}:${m.text}`);
/** "entity:text" after disambiguation, the way a page sees it. */
const detected = (text: string) => detectText(lex, text).map((m) => `${m.entity}:${m.text}`);

describe('entities.json', () => {
  it('holds exactly the dataset companies, each valid', () => {
    expect(entities.map((e) => e.id).sort()).toEqual(
      [
        'amazon',
        'amd',
        'anthropic',
        'aws',
        'broadcom',
        'coreweave',
        'google',
        'intel',
        'meta',
        'mgx',
        'microsoft',
        'nebius',
        'nvidia',
        'openai',
        'oracle',
        'softbank',
        'stargate',
      ].sort(),
    );
    for (const e of entities) expect(v.safeParse(EntitySchema, e).success, e.id).toBe(true);
    expect(entities.find((e) => e.id === 'aws')?.parent).toBe('amazon');
  });

  it('never lets two entities claim one alias, case-insensitively', () => {
    const owner = new Map<string, string>();
    for (const e of entities) {
      for (const a of e.aliases) {
        const key = a.text.toLowerCase();
        expect(owner.get(key) ?? e.id, a.text).toBe(e.id);
        owner.set(key, e.id);
      }
    }
  });

  it('keeps every word with an everyday meaning case-exact or caps, and behind a cue', () => {
    const ambiguous = ['Amazon', 'Oracle', 'Azure', 'Meta', 'Intel', 'Stargate'];
    for (const word of ambiguous) {
      const alias = entities.flatMap((e) => e.aliases).find((a) => a.text === word);
      expect(alias?.needsCue, word).toBe(true);
      expect(alias?.case ?? 'exact', word).not.toBe('any');
    }
  });
});

describe('matcher', () => {
  it.each([
    // [sentence written for the test, expected "entity:text" mentions]
    [
      'OpenAI signed a $38 billion, seven-year deal with Amazon Web Services on November 3, 2025.',
      ['openai:OpenAI', 'aws:Amazon Web Services'],
    ],
    ['Nvidia said it would invest up to $100 billion in OpenAI.', ['nvidia:Nvidia', 'openai:OpenAI']],
  ])('finds plain names: %s', (text, expected) => {
    expect(found(text)).toEqual(expected);
  });

  it.each([
    ["Microsoft's stake in OpenAI was valued at about $135 billion.", ['microsoft:Microsoft', 'openai:OpenAI']],
    ['Microsoft’s stake in OpenAI’s new structure is 27%.', ['microsoft:Microsoft', 'openai:OpenAI']],
    ['Anthropic‘s Claude models are trained on Trainium chips.', ['anthropic:Anthropic']],
    ["NVIDIA'S Blackwell chips power the cluster.", ['nvidia:NVIDIA']],
  ])('counts a possessive as the name, span without the ’s: %s', (text, expected) => {
    expect(found(text)).toEqual(expected);
  });

  it.each([
    ['An Nvidia-powered cluster went live in Texas.', ['nvidia:Nvidia']],
    ['The OpenAI-backed startup raised more.', ['openai:OpenAI']],
    ['Up to one gigawatt of Nvidia\u2011based capacity was committed.', ['nvidia:Nvidia']],
    ['Analysts discussed AWS-hosted websites.', ['aws:AWS']],
  ])('matches the name inside a hyphenated compound: %s', (text, expected) => {
    expect(found(text)).toEqual(expected);
  });

  it('matches social handles as their own kind', () => {
    expect(found('Follow @OpenAI, @awscloud and @amazon for the announcement.')).toEqual([
      'openai:@OpenAI',
      'aws:@awscloud',
      'amazon:@amazon',
    ]);
    // An e-mail address is not a handle.
    expect(found('Write to press@openai.com for comment.')).toEqual([]);
  });

  it.each([
    ['$NVDA rose 4% after the OpenAI letter of intent.', ['nvidia:NVDA', 'openai:OpenAI']],
    [
      'OpenAI and Broadcom Inc. (NASDAQ: AVGO) will deploy 10 gigawatts.',
      ['openai:OpenAI', 'broadcom:Broadcom Inc.', 'broadcom:AVGO'],
    ],
    ['Traders bought MSFT, GOOGL and CRWV.', ['microsoft:MSFT', 'google:GOOGL', 'coreweave:CRWV']],
    ['Shares of nvda and msft', []],
  ])('matches tickers alone, with $ and in exchange brackets, case-exact: %s', (text, expected) => {
    expect(found(text)).toEqual(expected);
  });

  it.each([
    ['NVIDIA will invest in OPENAI.', ['nvidia:NVIDIA', 'openai:OPENAI']],
    ['Openai signed with Corewave and nvidia.', ['openai:Openai', 'coreweave:Corewave', 'nvidia:nvidia']],
    ['AMAZON WEB SERVICES AND GOOGLE CLOUD', ['aws:AMAZON WEB SERVICES', 'google:GOOGLE CLOUD']],
    ['google it', []],
    ['an anthropic principle', []],
  ])('allows all-caps and odd case only where the alias does: %s', (text, expected) => {
    expect(found(text)).toEqual(expected);
  });

  it.each([
    ['Nvidia Corp. will invest in OpenAI.', 'nvidia:Nvidia Corp.'],
    ['Amazon.com Inc. reported quarterly results.', 'amazon:Amazon.com Inc.'],
    ['Broadcom Inc. designs custom accelerators.', 'broadcom:Broadcom Inc.'],
    ['CoreWeave Inc. went public in March 2025.', 'coreweave:CoreWeave Inc.'],
    ['SoftBank Group Corp. leads the round.', 'softbank:SoftBank Group Corp.'],
  ])('reads a corporate suffix as one mention: %s', (text, first) => {
    expect(found(text)[0]).toBe(first);
  });

  it.each([
    ['Microsoft said the ChatGPT maker will buy $250 billion of Azure services.', 'openai:ChatGPT maker'],
    ['Amazon gives the ChatGPT developer access to AWS.', 'openai:ChatGPT developer'],
    ['The creator of ChatGPT has a deal with AMD.', 'openai:creator of ChatGPT'],
    ['Oracle will host the maker of ChatGPT in Abilene.', 'openai:maker of ChatGPT'],
    ['Google and Amazon back the Claude maker.', 'anthropic:Claude maker'],
  ])('resolves descriptors to the company: %s', (text, mention) => {
    expect(found(text)).toContain(mention);
  });

  it.each([
    [
      'Anthropic will buy $30 billion of Microsoft Azure capacity.',
      ['anthropic:Anthropic', 'microsoft:Microsoft Azure'],
    ],
    ['Amazon Web Services signed OpenAI.', ['aws:Amazon Web Services', 'openai:OpenAI']],
    ['Google Cloud rents TPUs.', ['google:Google Cloud']],
  ])('takes the longest match, never overlapping: %s', (text, expected) => {
    expect(found(text)).toEqual(expected);
  });

  it.each([
    ['Openaiish jargon and subAWS tooling', []],
    ['AWSome NVDAX MicrosoftWare', []],
    ['НовостиOpenAI и OpenAIский', []],
    ['ÉcoleNvidia', []],
    ['Nvidia’nın yatırımı', ['nvidia:Nvidia']],
    ['OpenAIは新しい契約を結んだ', ['openai:OpenAI']],
    ['엔비디아와 Nvidia는 협력한다', ['nvidia:Nvidia']],
    ['Microsoft/OpenAI talks', ['microsoft:Microsoft', 'openai:OpenAI']],
    ['see https://example.com/openai/news or nvidia.com', []],
    // An address without its scheme, and mailboxes; a hyphenated word is still the name.
    ['code at github.com/openai/whisper and x.com/OpenAI/status/1', []],
    ['write to openai@example.com', []],
    ['Nvidia-powered servers', ['nvidia:Nvidia']],
    // Full-width Latin, as Chinese and Japanese text may write a name.
    ['ＯｐｅｎＡＩと Ｎｖｉｄｉａ が提携', ['openai:ＯｐｅｎＡＩ', 'nvidia:Ｎｖｉｄｉａ']],
  ])('keeps Unicode-aware word boundaries and skips addresses: %s', (text, expected) => {
    expect(found(text)).toEqual(expected);
  });

  it('reports offsets into the text', () => {
    const text = 'Deal: OpenAI and AWS.';
    for (const m of findMentions(lex, text)) expect(text.slice(m.start, m.end)).toBe(m.text);
    expect(findMentions(lex, text).map((m) => [m.start, m.end])).toEqual([
      [6, 12],
      [17, 20],
    ]);
  });

  it('flags ambiguous aliases instead of deciding them', () => {
    const c = matchCandidates(lex, 'Oracle and Amazon and Azure');
    expect(c.map((x) => [x.entity, x.needsCue])).toEqual([
      ['oracle', true],
      ['amazon', true],
      ['microsoft', true],
    ]);
  });
});

describe('look-alikes and lowercase words (full detection)', () => {
  it.each([
    'We spent a week on a boat trip up the Amazon River from Manaus.',
    'Our home for six nights was the Amazon Clipper, a small riverboat.',
    'Pilgrims climbed to the temple to hear the Oracle of Delphi.',
    'The painter mixed azure water with a little white.',
    'Sky and Azure Water',
    'Windows should be cleaned twice a year, and old windows need new seals.',
    'the oracle said, the meta point, field intel, an azure sky, a stargate portal',
  ])('marks nothing in: %s', (text) => {
    expect(detected(text)).toEqual([]);
  });

  it('marks nothing lowercase even on a page full of companies', () => {
    const page = [
      'OpenAI, Nvidia and Microsoft signed new compute deals in 2025.',
      'Analysts say the oracle of the market is cloud demand, and field intel agrees.',
      'The azure water outside the data center was calm; meta commentary followed.',
    ].join('\n');
    expect(detected(page)).toEqual(['openai:OpenAI', 'nvidia:Nvidia', 'microsoft:Microsoft']);
  });

  it('does not take a sentence-initial capital as a name', () => {
    const page = [
      'OpenAI, Nvidia and Microsoft signed new compute deals in 2025.',
      'Meta-analysis of the contracts shows longer terms.',
    ].join('\n');
    expect(detected(page)).not.toContain('meta:Meta');
  });
});

describe('a 10,000-alias lexicon', () => {
  // Pseudo-company names that share prefixes with each other and with the real aliases.
  const syllables = ['zor', 'vex', 'tal', 'mir', 'quo', 'bra', 'nel', 'dax', 'fin', 'kor'];
  const name = (i: number) => {
    let s = '';
    let n = i;
    for (let k = 0; k < 4; k++) {
      s += syllables[n % 10];
      n = Math.floor(n / 10);
    }
    return `${s[0]?.toUpperCase()}${s.slice(1)}`;
  };
  const synthetic: Entity[] = [];
  for (let i = 0; i < 2000; i++) {
    synthetic.push({
      id: `synthetic-${i}`,
      name: name(i),
      description: 'Synthetic company for the scale test.',
      homepage: 'https://example.com',
      tickers: [],
      aliases: [
        { text: name(i), case: 'any' },
        { text: `${name(i)} Labs` },
        { text: `${name(i)} Systems` },
        { text: `Open${name(i)}` },
        { text: `@${name(i).toLowerCase()}hq`, kind: 'handle' },
      ],
    });
  }
  const big = buildLexicon([...entities, ...synthetic]);

  it('has at least 10,000 aliases and still finds the right mentions', () => {
    expect(big.aliases.length).toBeGreaterThanOrEqual(10_000);
    const text = `OpenAI met ${name(1234)} Labs and ${name(7)}, then Amazon Web Services and Open${name(42)}; @${name(99).toLowerCase()}hq posted. Nvidia Corp. agreed.`;
    expect(findMentions(big, text).map((m) => `${m.entity}:${m.text}`)).toEqual([
      'openai:OpenAI',
      `synthetic-1234:${name(1234)} Labs`,
      `synthetic-7:${name(7)}`,
      'aws:Amazon Web Services',
      `synthetic-42:Open${name(42)}`,
      `synthetic-99:@${name(99).toLowerCase()}hq`,
      'nvidia:Nvidia Corp.',
    ]);
  });

  it('finds the same real mentions as the small lexicon on a long text', () => {
    const paragraph =
      'OpenAI signed a $38 billion deal with Amazon Web Services; Microsoft’s Azure and Nvidia-powered CoreWeave compete. ';
    const text = paragraph.repeat(500);
    const small = findMentions(lex, text);
    const large = findMentions(big, text);
    expect(large).toEqual(small);
    expect(small).toHaveLength(500 * 5);
  });
});
