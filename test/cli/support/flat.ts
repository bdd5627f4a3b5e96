/** CLI output with wrapped lines joined again (continuations are indented 4): what a sentence says. */
export function flat(text: string): string {
  return text.replace(/\n {4}/g, ' ');
}
