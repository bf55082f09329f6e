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

/**
 * A pure function of an object's keys (in Object.keys order), memoised per process by the list's
 * content: the objects of one provider function, or of one kind of stack, have the same keys every
 * time. A list is looked up by its first key and then compared key by key, one lookup per object
 * rather than one per key. At most `perFirstKey` lists are kept for a first key, and the memo is
 * emptied at `limit` lists, so a Verbund of any size keeps memory flat. `compute` gets a copy of the
 * keys that the memo keeps.
 */
export function memoizedByKeys<T>(compute: (keys: readonly string[]) => T, limit: number, perFirstKey: number): (keys: readonly string[]) => T {
  const lists = new Map<string, { readonly keys: readonly string[]; readonly value: T }[]>();
  let count = 0;
  return (keys) => {
    const first = keys.length > 0 ? keys[0]! : "";
    let list = lists.get(first);
    if (list !== undefined) {
      for (const entry of list) {
        const known = entry.keys;
        if (known.length !== keys.length) continue;
        let same = true;
        for (let i = 1; same && i < keys.length; i += 1) if (known[i] !== keys[i]) same = false;
        if (same) return entry.value;
      }
    }
    const own = keys.slice();
    const value = compute(own);
    if (count >= limit) {
      lists.clear();
      count = 0;
      list = undefined;
    }
    if (list === undefined) lists.set(first, (list = []));
    if (list.length >= perFirstKey) list.shift();
    else count += 1;
    list.push({ keys: own, value });
    return value;
  };
}
