/** An input that does not fit the method: the path names the node or field. */
export class EngineInputError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
  }
}
