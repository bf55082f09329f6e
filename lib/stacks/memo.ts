/**
 * A pure function of a string, memoised in one Map per process: the synth meets the same attribute
 * names and construct paths in every stack. The Map is emptied when it reaches `limit` entries, so a
 * Verbund of any size keeps memory flat.
 */
export function memoized<T>(compute: (key: string) => T, limit: number): (key: string) => T {
  const values = new Map<string, T>();
  return (key) => {
    // One lookup where the value is known (has and get would be two); has only for a computed undefined.
    const known = values.get(key);
    if (known !== undefined || values.has(key)) return known as T;
    if (values.size >= limit) values.clear();
    const value = compute(key);
    values.set(key, value);
    return value;
  };
}
