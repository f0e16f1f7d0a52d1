/** The public API's answers, pointed at in the generated contract (nothing restated by hand). */
import type { ResponseOf } from '../api/types.ts';

export type NearestAnswer = ResponseOf<'/api/public/shelters/nearest', 'get'>;
export type Shelter = NearestAnswer['items'][number];
/** One shelter on its own, with every entrance (the nearest answer only counts them). */
export type ShelterDetail = ResponseOf<'/api/public/shelters/{id}', 'get'>;
export type PlacesAnswer = ResponseOf<'/api/public/places', 'get'>;
export type Alert = ResponseOf<'/api/public/alerts', 'get'>['items'][number];
export type PublicDraws = ResponseOf<'/api/public/inspections', 'get'>;
export type PublicDecisions = ResponseOf<'/api/public/enforcement-decisions', 'get'>;
