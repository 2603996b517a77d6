/** The person pressed Ctrl-C or Ctrl-D at a prompt. */
export class PromptCancelled extends Error {
  override name = 'PromptCancelled';
}

/**
 * Asks for a secret in the terminal without echoing it: the terminal is put in raw mode and
 * nothing typed is written back. The prompt goes to stderr, so stdout stays for results.
 */
export function askHidden(prompt: string, input: NodeJS.ReadStream = process.stdin, output: NodeJS.WriteStream = process.stderr): Promise<string> {
  return new Promise((resolve, reject) => {
    let typed = '';
    const finish = (error?: Error) => {
      input.off('data', onData);
      input.setRawMode(false);
      input.pause();
      output.write('\n');
      if (error) reject(error);
      else resolve(typed);
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n') return finish();
        if (char === '\u0003' || (char === '\u0004' && typed === '')) return finish(new PromptCancelled());
        if (char === '\u007f' || char === '\b') typed = [...typed].slice(0, -1).join('');
        else if (char === '\u0015') typed = ''; // Ctrl-U clears the line, as in a shell
        else if (char >= ' ') typed += char;
      }
    };
    // Echo off first, then the prompt: whatever is typed once the prompt shows is never echoed.
    input.setEncoding('utf8');
    input.setRawMode(true);
    input.resume();
    input.on('data', onData);
    output.write(prompt);
  });
}
