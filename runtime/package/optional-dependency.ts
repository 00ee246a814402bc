// Dependencies only some uses need (PostgreSQL's driver, fast-check, the diagram layout) are
// optional peer dependencies: an install that never uses them does not carry them. The code
// that needs one loads it here, on its own path, and a missing one becomes one line naming the
// package to install rather than a module-resolution stack trace.

export class MissingDependencyError extends Error {
  override name = 'MissingDependencyError';
  readonly packageName: string;

  constructor(packageName: string, use: string) {
    super(`${use} needs the package "${packageName}", which is not installed (npm install ${packageName})`);
    this.packageName = packageName;
  }
}

/** Whether `error` says that the package `name` itself cannot be found. */
function missing(error: unknown, name: string): boolean {
  const { code, message } = error as { code?: unknown; message?: unknown };
  return code === 'ERR_MODULE_NOT_FOUND' && typeof message === 'string' && message.includes(`'${name}'`);
}

/**
 * Runs `load` (an `import()` of `name`, or of a module of ours that imports it); if `name` is
 * not installed, throws a MissingDependencyError saying which `use` needs it.
 */
export async function loadOptional<T>(name: string, use: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (missing(error, name)) throw new MissingDependencyError(name, use);
    throw error;
  }
}
