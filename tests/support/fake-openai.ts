import { startRecordingServer, type Recorded } from './recording-server.js';

export type OpenAiBehaviour =
  | { kind: 'json'; content: unknown }
  | { kind: 'text'; content: string }
  | { kind: 'status'; status: number; body?: unknown }
  /** Never answers within the client's timeout. */
  | { kind: 'hang' };

/**
 * An OpenAI-compatible server (POST /v1/chat/completions) on localhost, for
 * driving the real `openai` client. Set `behaviour` before each call.
 */
export async function startFakeOpenAi() {
  const state: { behaviour: OpenAiBehaviour; models: string[] } = { behaviour: { kind: 'text', content: '' }, models: ['gpt-4o-mini'] };
  const pendingHangs: Array<() => void> = [];
  const server = await startRecordingServer((req: Recorded) => {
    const b = state.behaviour;
    if (req.method === 'GET' && req.path.endsWith('/models')) {
      if (b.kind === 'status') return { status: b.status, body: b.body ?? { error: { message: 'fake failure', type: 'server_error' } } };
      return { body: { object: 'list', data: state.models.map((id) => ({ id, object: 'model', created: 1_700_000_000, owned_by: 'test' })) } };
    }
    if (b.kind === 'status') return { status: b.status, body: b.body ?? { error: { message: 'fake failure', type: 'server_error' } } };
    const content = b.kind === 'json' ? JSON.stringify(b.content) : b.kind === 'text' ? b.content : '';
    return {
      body: {
        id: 'chatcmpl-test',
        object: 'chat.completion',
        created: 1_700_000_000,
        model: String(req.body.model ?? 'test-model'),
        choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content, refusal: null } }],
        usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
      },
    };
  }, async () => {
    if (state.behaviour.kind === 'hang') await new Promise<void>((resolve) => pendingHangs.push(resolve));
  });
  return {
    ...server,
    /** For OPENAI_BASE_URL. */
    baseURL: `${server.url}/v1`,
    set(behaviour: OpenAiBehaviour) {
      state.behaviour = behaviour;
    },
    /** What GET /v1/models lists. */
    setModels(ids: string[]) {
      state.models = ids;
    },
    /** The chat completion requests received, newest last. */
    completions: () => server.calls('/chat/completions'),
    async close() {
      pendingHangs.splice(0).forEach((release) => release());
      await server.close();
    },
  };
}
