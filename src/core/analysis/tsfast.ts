import ts from 'typescript';

/**
 * The `typescript` package defines every export as a getter (its bundle's `__export`), and its
 * SyntaxKind enum is a dictionary-mode object, so `ts.isIdentifier(…)` or `ts.SyntaxKind.X` in a hot
 * loop costs a call or a hash lookup each time. The engine imports values from here (`T.isX`, `K.X`)
 * and types from `typescript`: bundled, these become plain constants. (About a third of analysis time.)
 */

export const NodeFlags = ts.NodeFlags;
export const ScriptKind = ts.ScriptKind;
export const ScriptTarget = ts.ScriptTarget;
/** Only for one-off setup (ranges of kinds): hot code uses K. */
export const SyntaxKind = ts.SyntaxKind;
export const JSDocParsingMode = ts.JSDocParsingMode;
export const canHaveModifiers = ts.canHaveModifiers;
export const createSourceFile = ts.createSourceFile;
export const flattenDiagnosticMessageText = ts.flattenDiagnosticMessageText;
export const forEachChild = ts.forEachChild;
export const getModifiers = ts.getModifiers;
export const isArrayBindingPattern = ts.isArrayBindingPattern;
export const isArrayLiteralExpression = ts.isArrayLiteralExpression;
export const isArrowFunction = ts.isArrowFunction;
export const isAsExpression = ts.isAsExpression;
export const isAwaitExpression = ts.isAwaitExpression;
export const isBinaryExpression = ts.isBinaryExpression;
export const isBlock = ts.isBlock;
export const isCallExpression = ts.isCallExpression;
export const isCaseBlock = ts.isCaseBlock;
export const isCatchClause = ts.isCatchClause;
export const isClassDeclaration = ts.isClassDeclaration;
export const isClassExpression = ts.isClassExpression;
export const isClassLike = ts.isClassLike;
export const isConditionalExpression = ts.isConditionalExpression;
export const isConstructorDeclaration = ts.isConstructorDeclaration;
export const isElementAccessExpression = ts.isElementAccessExpression;
export const isEnumDeclaration = ts.isEnumDeclaration;
export const isExportAssignment = ts.isExportAssignment;
export const isExportDeclaration = ts.isExportDeclaration;
export const isExpressionStatement = ts.isExpressionStatement;
export const isExpressionWithTypeArguments = ts.isExpressionWithTypeArguments;
export const isExternalModuleReference = ts.isExternalModuleReference;
export const isForInStatement = ts.isForInStatement;
export const isForOfStatement = ts.isForOfStatement;
export const isForStatement = ts.isForStatement;
export const isFunctionDeclaration = ts.isFunctionDeclaration;
export const isFunctionExpression = ts.isFunctionExpression;
export const isFunctionLike = ts.isFunctionLike;
export const isFunctionTypeNode = ts.isFunctionTypeNode;
export const isGetAccessorDeclaration = ts.isGetAccessorDeclaration;
export const isIdentifier = ts.isIdentifier;
export const isImportClause = ts.isImportClause;
export const isImportDeclaration = ts.isImportDeclaration;
export const isImportEqualsDeclaration = ts.isImportEqualsDeclaration;
export const isImportSpecifier = ts.isImportSpecifier;
export const isInterfaceDeclaration = ts.isInterfaceDeclaration;
export const isIntersectionTypeNode = ts.isIntersectionTypeNode;
export const isLiteralTypeNode = ts.isLiteralTypeNode;
export const isMethodDeclaration = ts.isMethodDeclaration;
export const isMethodSignature = ts.isMethodSignature;
export const isModuleBlock = ts.isModuleBlock;
export const isModuleDeclaration = ts.isModuleDeclaration;
export const isNamedImports = ts.isNamedImports;
export const isNamespaceExport = ts.isNamespaceExport;
export const isNamespaceImport = ts.isNamespaceImport;
export const isNewExpression = ts.isNewExpression;
export const isNoSubstitutionTemplateLiteral = ts.isNoSubstitutionTemplateLiteral;
export const isNonNullExpression = ts.isNonNullExpression;
export const isNumericLiteral = ts.isNumericLiteral;
export const isObjectLiteralExpression = ts.isObjectLiteralExpression;
export const isOmittedExpression = ts.isOmittedExpression;
export const isParameter = ts.isParameter;
export const isParameterPropertyDeclaration = ts.isParameterPropertyDeclaration;
export const isParenthesizedExpression = ts.isParenthesizedExpression;
export const isParenthesizedTypeNode = ts.isParenthesizedTypeNode;
export const isPrefixUnaryExpression = ts.isPrefixUnaryExpression;
export const isPrivateIdentifier = ts.isPrivateIdentifier;
export const isPropertyAccessExpression = ts.isPropertyAccessExpression;
export const isPropertyAssignment = ts.isPropertyAssignment;
export const isPropertyDeclaration = ts.isPropertyDeclaration;
export const isPropertySignature = ts.isPropertySignature;
export const isQualifiedName = ts.isQualifiedName;
export const isSatisfiesExpression = ts.isSatisfiesExpression;
export const isShorthandPropertyAssignment = ts.isShorthandPropertyAssignment;
export const isSourceFile = ts.isSourceFile;
export const isSpreadAssignment = ts.isSpreadAssignment;
export const isSpreadElement = ts.isSpreadElement;
export const isStringLiteral = ts.isStringLiteral;
export const isStringLiteralLike = ts.isStringLiteralLike;
export const isTemplateExpression = ts.isTemplateExpression;
export const isTryStatement = ts.isTryStatement;
export const isThrowStatement = ts.isThrowStatement;
export const isReturnStatement = ts.isReturnStatement;
export const isLiteralExpression = ts.isLiteralExpression;
export const isTypeReferenceNode = ts.isTypeReferenceNode;
export const isUnionTypeNode = ts.isUnionTypeNode;
export const isVariableDeclaration = ts.isVariableDeclaration;
export const isVariableDeclarationList = ts.isVariableDeclarationList;
export const isVariableStatement = ts.isVariableStatement;
export const isVoidExpression = ts.isVoidExpression;
export const readConfigFile = ts.readConfigFile;
export const updateSourceFile = ts.updateSourceFile;

/** The SyntaxKinds the engine uses, as a small fast-properties object. */
export const K = {
  AmpersandAmpersandToken: ts.SyntaxKind.AmpersandAmpersandToken,
  AnyKeyword: ts.SyntaxKind.AnyKeyword,
  ArrowFunction: ts.SyntaxKind.ArrowFunction,
  AsExpression: ts.SyntaxKind.AsExpression,
  AsyncKeyword: ts.SyntaxKind.AsyncKeyword,
  AwaitExpression: ts.SyntaxKind.AwaitExpression,
  BarBarToken: ts.SyntaxKind.BarBarToken,
  BinaryExpression: ts.SyntaxKind.BinaryExpression,
  Block: ts.SyntaxKind.Block,
  CallExpression: ts.SyntaxKind.CallExpression,
  CaseBlock: ts.SyntaxKind.CaseBlock,
  CatchClause: ts.SyntaxKind.CatchClause,
  ClassDeclaration: ts.SyntaxKind.ClassDeclaration,
  ClassExpression: ts.SyntaxKind.ClassExpression,
  ClassStaticBlockDeclaration: ts.SyntaxKind.ClassStaticBlockDeclaration,
  CommaToken: ts.SyntaxKind.CommaToken,
  Constructor: ts.SyntaxKind.Constructor,
  DefaultKeyword: ts.SyntaxKind.DefaultKeyword,
  DoStatement: ts.SyntaxKind.DoStatement,
  ElementAccessExpression: ts.SyntaxKind.ElementAccessExpression,
  EqualsToken: ts.SyntaxKind.EqualsToken,
  ExportKeyword: ts.SyntaxKind.ExportKeyword,
  ExpressionStatement: ts.SyntaxKind.ExpressionStatement,
  ExtendsKeyword: ts.SyntaxKind.ExtendsKeyword,
  ForInStatement: ts.SyntaxKind.ForInStatement,
  ForOfStatement: ts.SyntaxKind.ForOfStatement,
  ForStatement: ts.SyntaxKind.ForStatement,
  FunctionDeclaration: ts.SyntaxKind.FunctionDeclaration,
  FunctionExpression: ts.SyntaxKind.FunctionExpression,
  GetAccessor: ts.SyntaxKind.GetAccessor,
  Identifier: ts.SyntaxKind.Identifier,
  IfStatement: ts.SyntaxKind.IfStatement,
  ImportKeyword: ts.SyntaxKind.ImportKeyword,
  LabeledStatement: ts.SyntaxKind.LabeledStatement,
  MethodDeclaration: ts.SyntaxKind.MethodDeclaration,
  MinusToken: ts.SyntaxKind.MinusToken,
  ModuleBlock: ts.SyntaxKind.ModuleBlock,
  NewExpression: ts.SyntaxKind.NewExpression,
  NoSubstitutionTemplateLiteral: ts.SyntaxKind.NoSubstitutionTemplateLiteral,
  NonNullExpression: ts.SyntaxKind.NonNullExpression,
  NullKeyword: ts.SyntaxKind.NullKeyword,
  ParenthesizedExpression: ts.SyntaxKind.ParenthesizedExpression,
  PlusToken: ts.SyntaxKind.PlusToken,
  PropertyAccessExpression: ts.SyntaxKind.PropertyAccessExpression,
  PropertyAssignment: ts.SyntaxKind.PropertyAssignment,
  QuestionQuestionToken: ts.SyntaxKind.QuestionQuestionToken,
  SatisfiesExpression: ts.SyntaxKind.SatisfiesExpression,
  SetAccessor: ts.SyntaxKind.SetAccessor,
  SourceFile: ts.SyntaxKind.SourceFile,
  StaticKeyword: ts.SyntaxKind.StaticKeyword,
  StringLiteral: ts.SyntaxKind.StringLiteral,
  SwitchStatement: ts.SyntaxKind.SwitchStatement,
  TemplateExpression: ts.SyntaxKind.TemplateExpression,
  ThisKeyword: ts.SyntaxKind.ThisKeyword,
  TryStatement: ts.SyntaxKind.TryStatement,
  TypeAssertionExpression: ts.SyntaxKind.TypeAssertionExpression,
  UndefinedKeyword: ts.SyntaxKind.UndefinedKeyword,
  VariableStatement: ts.SyntaxKind.VariableStatement,
  VoidKeyword: ts.SyntaxKind.VoidKeyword,
  WhileStatement: ts.SyntaxKind.WhileStatement,
} as const;
