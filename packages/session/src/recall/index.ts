// Public API of the recall part of @tapeop/session: snapshot diff, change descriptions, and
// (below) recall plans.
export type {
  DiffWarning,
  FxAddedChange,
  FxChange,
  FxEnabledChange,
  FxMovedChange,
  FxOfflineChange,
  FxPresetChange,
  FxRef,
  FxRemovedChange,
  FxRenamedChange,
  FxReplacedChange,
  FxStateChange,
  FxVersionChange,
  MarkerAddedChange,
  MarkerChangedChange,
  MarkerField,
  MarkerRemovedChange,
  PanChange,
  ParamChange,
  ParamPresenceChange,
  ParamRef,
  ParamValue,
  SnapshotChange,
  SnapshotChangeKind,
  SnapshotDiff,
  SwitchChange,
  TrackAddedChange,
  TrackChange,
  TrackMovedChange,
  TrackRef,
  TrackRemovedChange,
  TrackRenamedChange,
  VolumeChange,
  WidthChange,
} from './change.js';
export { isFxChange, isTrackChange } from './change.js';
export {
  type DescribeContext,
  describeChange,
  type SongLabelStyle,
  trackLabel,
} from './describe-change.js';
export { diffSnapshots } from './diff-snapshots.js';
export {
  type ChangeThresholds,
  defaultChangeThresholds,
  filterSignificantChanges,
  isSignificantChange,
} from './significance.js';
