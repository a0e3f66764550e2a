// The RipTide views. Until the sidebar's contents land, each view is empty so its welcome
// content shows, with the reason the server did not answer as the view's message.
import * as vscode from 'vscode';
import type { Refresher, RefreshSnapshot } from '../refresh/refresher';

const VIEW_IDS = ['riptide.jobs', 'riptide.schedules', 'riptide.workers'] as const;

class EmptyProvider implements vscode.TreeDataProvider<never> {
  getTreeItem(element: never): vscode.TreeItem {
    return element;
  }
  getChildren(): never[] {
    return [];
  }
}

export function registerViews(refresher: Refresher): vscode.Disposable[] {
  const disposables: vscode.Disposable[] = [];
  const views = VIEW_IDS.map((id) => vscode.window.createTreeView(id, { treeDataProvider: new EmptyProvider() }));
  const showReason = (s: RefreshSnapshot) => {
    const message = s.state === 'offline' || s.state === 'unauthorized' ? s.error?.message : undefined;
    for (const view of views) view.message = message;
  };
  disposables.push(...views, refresher.onDidRefresh(showReason));
  for (const view of views) disposables.push(view.onDidChangeVisibility((e) => e.visible && refresher.wake()));
  return disposables;
}
