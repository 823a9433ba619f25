import * as vscode from 'vscode';
import { Commands } from './commands';
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
  const notice = store.notice;
  if (notice) {
    // Told once for damaged data (the next start finds a valid document); every start for a newer format.
    const action = notice.backupKey ? 'Restore Progress Backup…' : undefined;
    void vscode.window.showWarningMessage(notice.message, ...(action ? [action] : [])).then((choice) => {
      if (choice === action) void vscode.commands.executeCommand(Commands.restoreProgressBackup);
    });
  }
  return store;
}
