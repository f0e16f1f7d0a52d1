/**
 * Shapes of the server's JSON API, taken from the contract: `schema.gen.ts` is generated from the server's
 * OpenAPI document (`npm run contract`; a unit test fails while it is stale), and the names below only
 * point into it. Nothing here restates a field by hand.
 */
import type { FeatureCollection, MultiPolygon, Point, Polygon } from 'geojson';
import type { paths } from './schema.gen.ts';

export type ApiPath = keyof paths;
export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';
/** The methods the contract has for `P`. */
export type MethodOf<P extends ApiPath> = { [M in HttpMethod]: paths[P][M] extends undefined ? never : M }[HttpMethod];
type Operation<P extends ApiPath, M extends HttpMethod> = NonNullable<paths[P][M]>;

type JsonOf<R> = R extends { content: { 'application/json': infer J } } ? J : void;
type Success<R> = R extends { 200: infer A } ? A : R extends { 201: infer B } ? B : R extends { 202: infer C } ? C : R extends { 204: infer D } ? D : never;

/** The JSON a successful call answers with (void for 204). */
export type ResponseOf<P extends ApiPath, M extends HttpMethod> = JsonOf<Success<Operation<P, M>['responses']>>;
/** The JSON body a call takes. */
export type BodyOf<P extends ApiPath, M extends HttpMethod> = JsonOf<NonNullable<Operation<P, M>['requestBody']>>;
/** Query parameters of a call. */
export type QueryOf<P extends ApiPath, M extends HttpMethod> = NonNullable<Operation<P, M>['parameters']['query']>;
/** Path parameters of a call (`{id}` of `/api/works/{id}`). */
export type PathParamsOf<P extends ApiPath, M extends HttpMethod> = NonNullable<Operation<P, M>['parameters']['path']>;

/** The body of every refusal: `{ code, message, details? }`. */
export type ErrorBody = JsonOf<Operation<'/api/works', 'post'>['responses'][400]>;
/** One broken rule of a refusal: `body.units.0.grossAreaM2`, `minimum` (or a rule code), the rule in words. */
export type ApiErrorDetail = NonNullable<ErrorBody['details']>[number];

export type PublicConfig = ResponseOf<'/api/config/public', 'get'>;
export type PasswordPolicy = PublicConfig['passwordPolicy'];
export type Basemap = NonNullable<PublicConfig['basemap']>;
export type Health = ResponseOf<'/api/health', 'get'>;

export type Session = ResponseOf<'/api/auth/login', 'post'>;
export type Me = Session['user'];
export type RoleInfo = ResponseOf<'/api/roles', 'get'>['items'][number];
export type Region = ResponseOf<'/api/regions', 'get'>['items'][number];
export type RegionLevelName = Region['level'];

export type User = ResponseOf<'/api/users/{id}', 'patch'>;
export type UserPage = ResponseOf<'/api/users', 'get'>;
export type UserCreate = BodyOf<'/api/users', 'post'>;
export type UserPatch = BodyOf<'/api/users/{id}', 'patch'>;

export type AuditQuery = QueryOf<'/api/audit', 'get'>;
export type AuditPage = ResponseOf<'/api/audit', 'get'>;
export type AuditEntry = AuditPage['items'][number];
export type AuditVerifyResult = ResponseOf<'/api/audit/verify', 'post'>;

// GeoJSON answers: the geometry types are GeoJSON's own (the document only says "a geometry"), the properties the contract's.
export type WorkProps = ResponseOf<'/api/map/works', 'get'>['features'][number]['properties'];
export type SirenProps = ResponseOf<'/api/map/sirens', 'get'>['features'][number]['properties'];
export type BoundaryProps = ResponseOf<'/api/regions/boundaries', 'get'>['features'][number]['properties'];
export type WorksCollection = FeatureCollection<Point, WorkProps>;
export type SirensCollection = FeatureCollection<Point, SirenProps>;
export type BoundaryCollection = FeatureCollection<Polygon | MultiPolygon, BoundaryProps>;
