import * as vscode from 'vscode';
import { PROGRESS_KEY, ProgressStore, type KeyValueStore } from '../core/progress/store';

/** `globalState` as the store's key-value interface; the progress key follows the user through Settings Sync. */
export async function openProgressStore(context: vscode.ExtensionContext): Promise<ProgressStore> {
  const memento = context.globalState;
  memento.setKeysForSync([PROGRESS_KEY]);
  const kv: KeyValueStore = {
    get: (key) => memento.get(key),
    update: (key, value) => memento.update(key, value),
    keys: () => memento.keys(),
  };
  const store = await ProgressStore.open(kv);
  if (store.recovery) {
    // Told once: the next start finds a clean, valid document.
    void vscode.window.showWarningMessage(
      `Roadmap Coach could not read your saved progress (${store.recovery.reason}). It was kept as a backup ("${store.recovery.backupKey}") and progress starts fresh.`,
    );
  }
  return store;
}
