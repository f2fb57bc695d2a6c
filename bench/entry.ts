/** Runs a bench script's main and exits with its code (0 when it returns none); a throw prints and exits 1. */
export function runMain(main: () => Promise<number | void>): void {
  main().then(
    (code) => process.exit(code ?? 0),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
