/** The files a coder may write, and the fence language that names each when the fence names no file. */
export const CODER_FILES = { 'process_data.py': ['python', 'py'], 'train.yaml': ['yaml', 'yml'] } as const;
export type CoderFile = keyof typeof CODER_FILES;

const FENCE = /```([^\n`]*)\n([\s\S]*?)```/g;

function fileNamed(text: string): CoderFile | null {
  for (const name of Object.keys(CODER_FILES) as CoderFile[]) if (text.includes(name)) return name;
  return null;
}

function fileOfLanguage(language: string): CoderFile | null {
  const tag = language.trim().split(/\s+/)[0]?.toLowerCase() ?? '';
  for (const [name, tags] of Object.entries(CODER_FILES) as [CoderFile, readonly string[]][]) if (tags.includes(tag)) return name;
  return null;
}

/**
 * The files in a model's reply: fenced blocks, each named on its fence line (```python
 * process_data.py) or on the line before it (### process_data.py), else by its language. Written
 * by hand: the rule is a few lines, and markdown parsers do not read a file name off a fence. A
 * later block for the same file replaces an earlier one (a model that corrects itself).
 */
export function filesFromReply(reply: string): Partial<Record<CoderFile, string>> {
  const files: Partial<Record<CoderFile, string>> = {};
  for (const match of reply.matchAll(FENCE)) {
    const fence = match[1] ?? '';
    const before = reply.slice(0, match.index).trimEnd().split('\n').at(-1) ?? '';
    const name = fileNamed(fence) ?? fileNamed(before) ?? fileOfLanguage(fence);
    const body = match[2] ?? '';
    if (name && body.trim()) files[name] = body.endsWith('\n') ? body : `${body}\n`;
  }
  return files;
}
