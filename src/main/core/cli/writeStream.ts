import { once } from 'node:events'
import { CoreError } from '../errors'
import type { TextSink } from '../export/exportTypes'

function closedOutput(cause: unknown): CoreError {
  return new CoreError('The output closed before every row was written.', { cause })
}

/**
 * A sink that writes to a stream (stdout) and waits for it to drain when its buffer is full, so
 * rows leave as fast as the reader takes them and never pile up in memory. A stream that fails
 * (a closed pipe: `| head`) fails the next write.
 */
export function streamSink(stream: NodeJS.WritableStream): TextSink {
  let failure: unknown = null
  stream.on('error', (error: unknown) => {
    failure ??= error
  })
  return {
    async write(text) {
      if (failure) throw closedOutput(failure)
      if (stream.write(text)) return
      try {
        await once(stream, 'drain')
      } catch (error) {
        throw closedOutput(error)
      }
    }
  }
}
