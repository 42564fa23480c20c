/**
 * The SDK's error types beside LoadError and MissingDataError: a bad option, a database that failed
 * to answer, an engine that stopped. A caller can tell them apart with `instanceof` or by `name`.
 */

/** Strings are cut to this many characters in a message. */
const SHOWN_CHARACTERS = 120;

/** Bidirectional controls and line breaks, written as escapes so that a message reads as it is. */
const INVISIBLE = /[\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const escape = (text: string) => text.replace(INVISIBLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/**
 * Any value as short text for an error message. Never throws (BigInt, symbols, cycles, throwing
 * getters, revoked proxies) and never grows with the value: long text is cut, with its length.
 */
export function describeValue(value: unknown): string {
  try {
    switch (typeof value) {
      case 'string':
        return value.length > SHOWN_CHARACTERS
          ? `${escape(JSON.stringify(value.slice(0, SHOWN_CHARACTERS)))}… (${value.length.toLocaleString('en-US')} characters)`
          : escape(JSON.stringify(value));
      case 'number':
        return Object.is(value, -0) ? '-0' : String(value);
      case 'bigint':
        return `${value}n`;
      case 'boolean':
      case 'undefined':
        return String(value);
      case 'symbol':
        return 'a symbol';
      case 'function':
        return 'a function';
    }
    if (value === null) return 'null';
    const json = JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));
    if (json === undefined) return Object.prototype.toString.call(value);
    return escape(json.length > SHOWN_CHARACTERS ? `${json.slice(0, SHOWN_CHARACTERS)}…` : json);
  } catch {
    try {
      return Object.prototype.toString.call(value);
    } catch {
      return 'an unreadable value';
    }
  }
}

/** A public option (or CLI flag) with a value the SDK does not accept: raised before any SQL is built. */
export class StrataOptionError extends TypeError {
  override name = 'StrataOptionError';

  constructor(
    /** The option, as a path: `asOf`, `orderBy.column`, `rules.corporate.midDeposits`. */
    readonly option: string,
    /** The value given (described in the message, never printed whole). */
    readonly value: unknown,
    /** What the option accepts, as a phrase: `a calendar date YYYY-MM-DD`. */
    readonly accepted: string,
    message?: string,
  ) {
    super(message ?? `${option} must be ${accepted}, got ${describeValue(value)}`);
  }
}

/** The first words of a DuckDB message (`Catalog Error`, `Out of Memory Error`): its kind, never its text. */
const ENGINE_ERROR_KIND = /^([A-Za-z][A-Za-z ]{0,40}? Error):/;

/** The database failed while answering (its own message, which may quote SQL, is `cause`, not the message). */
export class StrataQueryError extends Error {
  override name = 'StrataQueryError';

  constructor(
    /** The method that asked: `npl`, `rows`, `dataDefaults` … */
    readonly metric: string,
    cause: unknown,
  ) {
    let kind: string | undefined;
    try {
      kind = ENGINE_ERROR_KIND.exec(String((cause as { message?: unknown } | null)?.message ?? ''))?.[1];
    } catch {
      kind = undefined;
    }
    super(`${metric}: the database failed to answer${kind ? ` (${kind})` : ''}; the engine's own message is this error's cause`, { cause });
  }
}

/** The engine stopped (its worker was terminated or crashed): `strata.restart()` brings it and its data back. */
export class EngineStoppedError extends Error {
  override name = 'EngineStoppedError';

  constructor(message = 'The engine stopped (its worker was terminated or crashed): strata.restart() brings it and its data back', options?: ErrorOptions) {
    super(message, options);
  }
}

/** The engine (or the Strata) was closed by its owner: open a new one to go on. */
export class EngineClosedError extends Error {
  override name = 'EngineClosedError';

  constructor(message = 'The Strata engine is closed: open a new one') {
    super(message);
  }
}
