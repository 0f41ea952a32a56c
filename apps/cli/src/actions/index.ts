import type { AnyAction } from './action.js';
import {
  dawLocateAction,
  dawPlayAction,
  dawStatusAction,
  dawStopAction,
  loadAction,
  markersReadAction,
  markersWriteAction,
} from './daw.js';
import {
  deliverCueAction,
  deliverDdpAction,
  deliverPqAction,
  deliverSplitAction,
  deliverVerifyAction,
} from './deliver.js';
import { initAction, scanAction } from './intake.js';
import {
  notesAddAction,
  notesAmendAction,
  notesExportAction,
  notesListAction,
  notesRetractAction,
} from './notes.js';
import { qcAction } from './qc.js';
import {
  recallApplyAction,
  recallCaptureAction,
  recallDiffAction,
  recallListAction,
} from './recall.js';
import { sequenceAction } from './sequence.js';
import { sessionShowAction, sessionUpdateAction } from './session.js';

/** Every action: each is a CLI command and (unless cliOnly) a hub method of the same name. */
export const allActions: readonly AnyAction[] = [
  initAction,
  scanAction,
  qcAction,
  sessionShowAction,
  sessionUpdateAction,
  sequenceAction,
  loadAction,
  markersWriteAction,
  markersReadAction,
  recallCaptureAction,
  recallDiffAction,
  recallApplyAction,
  recallListAction,
  notesAddAction,
  notesListAction,
  notesAmendAction,
  notesRetractAction,
  notesExportAction,
  deliverDdpAction,
  deliverCueAction,
  deliverPqAction,
  deliverVerifyAction,
  deliverSplitAction,
  dawStatusAction,
  dawLocateAction,
  dawPlayAction,
  dawStopAction,
];

export const hubActions = allActions.filter((action) => !action.cliOnly);
