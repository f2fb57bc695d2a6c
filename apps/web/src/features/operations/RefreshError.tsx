/** Under a list still showing its last data: the refresh that failed. */
export function RefreshError({ message }: { message: string }) {
  return (
    <p className="field-error" role="alert">
      Could not refresh: {message}
    </p>
  );
}
