/** Where a command writes: results on stdout, progress and problems on stderr. */
export interface Output {
  log(line: string): void;
  err(line: string): void;
}

export function streamOutput(stdout: NodeJS.WritableStream, stderr: NodeJS.WritableStream): Output {
  return { log: (line) => void stdout.write(`${line}\n`), err: (line) => void stderr.write(`${line}\n`) };
}
