import ts from 'typescript';
import { calledName, forEachDescendant, importedFrom, rootIdentifier } from '../analysis/syntax.ts';
import { HTTP_FRAMEWORKS } from '../analysis/http.ts';
import type { RawFinding, Rule } from './helpers.ts';

// The frameworks, and the libraries whose errors are HTTP statuses.
const HTTP = new RegExp(`^(${[...HTTP_FRAMEWORKS, 'http-errors', '@fastify/sensible', '@hapi/boom'].join('|')})$`);
const HTTP_TYPES = /^(FastifyReply|FastifyRequest|Request|Response|Context|ParameterizedContext|NextFunction)$/;

/** layer-service-http: Services know nothing of HTTP. */
export const layerServiceHttp: Rule = {
  id: 'layer-service-http',
  title: 'Services know nothing of HTTP',
  check: (a) => {
    const out: RawFinding[] = [];
    for (const file of a.files.filter((f) => f.role === 'service')) {
      forEachDescendant(file.sf, (n) => {
        if (ts.isParameter(n) && n.type && ts.isTypeReferenceNode(n.type) && ts.isIdentifier(n.type.typeName)) {
          const from = importedFrom(n.type.typeName, a.checker) ?? '';
          if (HTTP.test(from) && HTTP_TYPES.test(n.type.typeName.text))
            out.push({
              node: n,
              message: `a service takes ${n.type.typeName.text} from ${from}; take plain values and return results, and let the route speak HTTP`,
            });
        }
        if ((ts.isThrowStatement(n) || ts.isReturnStatement(n)) && n.expression && /\b(statusCode|status)\s*:\s*[45]\d\d\b/.test(n.expression.getText()))
          out.push({
            node: n,
            message:
              'a service answers with an HTTP status; return a result or throw a domain error, and let the route or the error handler map it to a status',
          });
        else if (ts.isThrowStatement(n) && ts.isCallExpression(n.expression)) {
          const id = rootIdentifier(n.expression.expression);
          const from = id ? (importedFrom(id, a.checker) ?? '') : '';
          if (HTTP.test(from))
            out.push({
              node: n,
              message: `a service throws ${n.expression.expression.getText()}(...) from ${from} (an HTTP error); throw a domain error and map it to a status in the route`,
            });
        } else if (ts.isThrowStatement(n) && ts.isNewExpression(n.expression)) {
          const id = rootIdentifier(n.expression.expression);
          const from = id ? (importedFrom(id, a.checker) ?? '') : '';
          if (HTTP.test(from) || (from.startsWith('@nestjs/') && /Exception$/.test(id?.text ?? '')))
            out.push({
              node: n,
              message: `a service throws ${id?.text} (an HTTP error); throw a domain error and map it to a status in the route or the error handler`,
            });
        }
        if (ts.isCallExpression(n) && ['status', 'code', 'send', 'json'].includes(calledName(n) ?? '') && ts.isPropertyAccessExpression(n.expression)) {
          const root = rootIdentifier(n.expression.expression);
          const decl = root ? a.checker.getSymbolAtLocation(root)?.valueDeclaration : undefined;
          if (decl && ts.isParameter(decl) && /^(res|reply|response|ctx)$/.test(root?.text ?? ''))
            out.push({ node: n, message: `a service writes the HTTP response (${n.expression.getText()}); return a result and let the route reply` });
        }
      });
    }
    return out;
  },
};
