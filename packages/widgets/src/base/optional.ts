/** A reading asked beside others that is needed only for some answers: its failure counts only where its value is read. */
export function optional<T>(reading: Promise<T>): Promise<() => T> {
  return reading.then(
    (value) => () => value,
    (error: unknown) => () => {
      throw error;
    },
  );
}
