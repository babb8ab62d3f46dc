/** The typed shape of the database for `idb` (current version). Upgrade steps work untyped, since each sees an older shape. */
import type { DBSchema } from 'idb';
import type {
  CustomModelRecord,
  EpisodeRecord,
  EpisodeStatus,
  SettingRecord,
  StoredExperimentRecord,
  SearchRecord,
  TranscriptRecord,
} from './records';
import type { HistorySummary } from './summary';

export interface LabDbSchema extends DBSchema {
  experiments: { key: string; value: StoredExperimentRecord };
  episodes: {
    key: string;
    value: EpisodeRecord;
    indexes: {
      'by-experimentId': string;
      'by-envId': string;
      'by-conditionKind': string;
      'by-studentModel': string;
      'by-status': EpisodeStatus;
      'by-startedAt': number;
      'by-envId-conditionKind': [string, string, number];
      'by-envId-startedAt': [string, number];
      'by-conditionKind-startedAt': [string, number];
      'by-studentModel-startedAt': [string, number];
      'by-status-startedAt': [EpisodeStatus, number];
      'by-solvedAtTurn-startedAt': [number, number];
    };
  };
  transcripts: { key: string; value: TranscriptRecord };
  search: { key: string; value: SearchRecord };
  summary: { key: string; value: HistorySummary };
  settings: { key: string; value: SettingRecord };
  customModels: { key: string; value: CustomModelRecord };
}
