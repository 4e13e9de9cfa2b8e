/**
 * RICH_TEXT values as Twenty stores note and task bodies: `blocknote` is the stringified array of BlockNote
 * blocks the editor saves, `markdown` the same content as markdown (Twenty keeps both, §5 of twenty-api.md).
 */
import { type Rng } from './random.js';
import { EDGE_TEXTS, WORDS } from './vocab.js';

type TextRun = { type: 'text'; text: string; styles: Record<string, boolean> };
type Inline = TextRun | { type: 'link'; href: string; content: TextRun[] };

interface Block {
  id: string;
  type: 'heading' | 'paragraph' | 'bulletListItem' | 'numberedListItem' | 'checkListItem';
  props: Record<string, unknown>;
  content: Inline[];
  children: Block[];
}

const baseProps = () => ({ textColor: 'default', backgroundColor: 'default', textAlignment: 'left' });

export function sentence(rng: Rng, min = 4, max = 12): string {
  const n = rng.between(min, max);
  const words: string[] = [];
  for (let i = 0; i < n; i++) words.push(rng.pick(WORDS));
  const s = words.join(' ');
  return s[0].toUpperCase() + s.slice(1) + '.';
}

function inlineToMarkdown(content: Inline[]): string {
  return content
    .map((c) => {
      if (c.type === 'link') return `[${c.content.map((t) => t.text).join('')}](${c.href})`;
      return c.styles.bold ? `**${c.text}**` : c.styles.italic ? `*${c.text}*` : c.text;
    })
    .join('');
}

function blockToMarkdown(b: Block, n: number): string {
  const text = inlineToMarkdown(b.content);
  switch (b.type) {
    case 'heading':
      return `${'#'.repeat(b.props.level as number)} ${text}`;
    case 'bulletListItem':
      return `- ${text}`;
    case 'numberedListItem':
      return `${n}. ${text}`;
    case 'checkListItem':
      return `- [${b.props.checked ? 'x' : ' '}] ${text}`;
    default:
      return text;
  }
}

/**
 * A body of a few blocks. `newId` gives block ids (deterministic uuids); `edge` puts an awkward string in it.
 */
export function richText(rng: Rng, newId: () => string, edge: boolean): { blocknote: string; markdown: string } {
  const blocks: Block[] = [];
  const text = (t: string, styles: Record<string, boolean> = {}): TextRun => ({ type: 'text', text: t, styles });
  if (rng.chance(0.4)) {
    blocks.push({ id: newId(), type: 'heading', props: { ...baseProps(), level: rng.between(1, 3) }, content: [text(sentence(rng, 2, 4).slice(0, -1))], children: [] });
  }
  const paragraphs = rng.between(1, 3);
  for (let i = 0; i < paragraphs; i++) {
    const content: Inline[] = [text(sentence(rng) + ' ')];
    if (rng.chance(0.2)) content.push(text(sentence(rng, 2, 4), { bold: true }));
    if (rng.chance(0.15)) content.push({ type: 'link', href: `https://example.com/docs/${rng.int(1000)}`, content: [text('see doc')] });
    blocks.push({ id: newId(), type: 'paragraph', props: baseProps(), content, children: [] });
  }
  if (edge) blocks.push({ id: newId(), type: 'paragraph', props: baseProps(), content: [text(rng.pick(EDGE_TEXTS.slice(1)))], children: [] });
  if (rng.chance(0.35)) {
    const kind = rng.pick(['bulletListItem', 'numberedListItem', 'checkListItem'] as const);
    const items = rng.between(2, 4);
    for (let i = 0; i < items; i++) {
      const props = kind === 'checkListItem' ? { ...baseProps(), checked: rng.chance(0.5) } : baseProps();
      blocks.push({ id: newId(), type: kind, props, content: [text(sentence(rng, 2, 6).slice(0, -1))], children: [] });
    }
  }
  let n = 0;
  const markdown = blocks
    .map((b) => {
      n = b.type === 'numberedListItem' ? n + 1 : 0;
      return blockToMarkdown(b, n);
    })
    .join('\n\n');
  return { blocknote: JSON.stringify(blocks), markdown };
}
