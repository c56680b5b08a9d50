import { HttpProblem } from '../http/http-problem';

export const unauthenticated = (message = 'a valid API key is required: Authorization: Bearer <key>') =>
  new HttpProblem(401, 'UNAUTHENTICATED', message);

export const forbidden = (message: string) => new HttpProblem(403, 'FORBIDDEN', message);
