import type {
  InvokeInput,
  InvokeMethod,
  InvokeOutput,
  IpcResult
} from '../../../shared/ipc/contract'
import { CHANNEL_SCHEMAS, describeInputProblem } from './channelSchemas'
import { toIpcError } from './toIpcError'

/** What answers one channel, given input its schema has already checked. */
export type Implementation<M extends InvokeMethod> = (
  input: InvokeInput<M>
) => Promise<InvokeOutput<M>>

/** The implementations of some channels: each capability's module provides its own. */
export type Implementations<M extends InvokeMethod> = { [K in M]: Implementation<K> }

export type IpcHandlerTable = {
  [M in InvokeMethod]: (input: unknown) => Promise<IpcResult<InvokeOutput<M>>>
}

/**
 * Wraps every channel's implementation: its input is checked against the channel's schema, and
 * whatever happens the answer is an IpcResult, never a throw.
 */
export function buildHandlerTable(implementations: Implementations<InvokeMethod>): IpcHandlerTable {
  const table = {} as Record<InvokeMethod, (input: unknown) => Promise<IpcResult<unknown>>>
  for (const method of Object.keys(CHANNEL_SCHEMAS) as InvokeMethod[]) {
    const schema = CHANNEL_SCHEMAS[method]
    const implementation = implementations[method] as (input: unknown) => Promise<unknown>
    table[method] = async (input) => {
      const parsed = schema.safeParse(input)
      if (!parsed.success) {
        return {
          ok: false,
          error: { code: 'invalid-input', message: describeInputProblem(parsed.error) }
        }
      }
      try {
        return { ok: true, value: await implementation(parsed.data) }
      } catch (error) {
        return { ok: false, error: toIpcError(error) }
      }
    }
  }
  return table as IpcHandlerTable
}
