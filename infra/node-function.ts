/**
 * How every Lambda function of this project is built and run: one esbuild configuration (ESM, Node 22,
 * arm64, AWS SDK bundled, credentials from what Lambda provides only), an explicit log group, and a
 * role that may write only to that log group.
 * The benchmark (scripts/bench/bundle-options.ts) bundles with the same LAMBDA_BUNDLING, so it measures
 * what ships.
 */
import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

export const repoPath = (relative: string): string => fileURLToPath(new URL(`../${relative}`, import.meta.url));

/** Repository root and the files the bundler needs, independent of the directory `cdk` runs in. */
export const REPO_ROOT = repoPath('');
export const HANDLER_ENTRY = repoPath('functions/report-mailer/handler.ts');

/**
 * esbuild emits ESM (`.mjs`); CommonJS dependencies bundled into it (handlebars, nodemailer) still call
 * `require` for Node built-ins, which ESM does not define: give them one.
 */
export const ESM_REQUIRE_BANNER =
  "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";

/** What the bundles use for AWS credentials instead of the SDK's Node.js chain (see esbuildArgs below). */
export const LAMBDA_CREDENTIAL_PROVIDER = 'functions/shared/lambda-credential-provider.ts';

export const LAMBDA_BUNDLING = {
  format: nodejs.OutputFormat.ESM,
  target: 'node22',
  mainFields: ['module', 'main'],
  banner: ESM_REQUIRE_BANNER,
  minify: true,
  keepNames: true, // error and class names stay readable in logs
  sourceMap: true,
  sourceMapMode: nodejs.SourceMapMode.DEFAULT,
  sourcesContent: false, // file:line in stack traces without shipping the sources twice
  // The AWS SDK is bundled too, on purpose: one tree-shaken file imports in about half the time of
  // the runtime's SDK (hundreds of files), and the code runs with the SDK version it was tested
  // with. `npm run bench` measures both (bundle size, cold import).
  externalModules: [] as string[],
  esbuildArgs: {
    // In Lambda the credentials are in the environment (or at a container endpoint): the SDK's Node.js
    // chain (profiles, SSO, STS, instance metadata: ~110 KB per bundle) gives way to a provider that
    // reads just those. The path is relative to projectRoot, where local bundling runs esbuild (esbuild
    // is a devDependency, so CDK never falls back to Docker bundling, whose working directory is `/`).
    '--alias': [`@aws-sdk/credential-provider-node=./${LAMBDA_CREDENTIAL_PROVIDER}`],
  },
  forceDockerBundling: false,
} satisfies nodejs.BundlingOptions;

export interface NodeFunctionProps
  extends Omit<
    nodejs.NodejsFunctionProps,
    'entry' | 'handler' | 'projectRoot' | 'depsLockFilePath' | 'runtime' | 'architecture' | 'role' | 'logGroup' | 'bundling'
  > {
  entry: string;
  /** What the role is for, shown in the IAM console. */
  roleDescription: string;
  logRetentionDays: number;
  /**
   * Files copied into the code asset next to index.mjs, by name in the asset → absolute path at synth
   * (local bundling). They are part of the asset's hash, so a changed file is a new deployment.
   */
  assetFiles?: Record<string, string>;
}

const shellQuote = (value: string): string => `'${value.replaceAll("'", `'\\''`)}'`;

const withAssetFiles = (files: Record<string, string> | undefined): nodejs.BundlingOptions =>
  !files || Object.keys(files).length === 0
    ? LAMBDA_BUNDLING
    : {
        ...LAMBDA_BUNDLING,
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (_inputDir: string, outputDir: string) =>
            Object.entries(files).map(([name, source]) => `cp ${shellQuote(source)} ${shellQuote(`${outputDir}/${name}`)}`),
        },
      };

/** A NodejsFunction with this project's bundling, its own log group and its own least-privilege role. */
export class NodeFunction extends Construct {
  readonly function: nodejs.NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: NodeFunctionProps) {
    super(scope, id);
    const { entry, roleDescription, logRetentionDays, assetFiles, ...functionProps } = props;
    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      retention: logRetentionDays as logs.RetentionDays,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // An explicit role instead of AWSLambdaBasicExecutionRole: logs only to its own log group.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: roleDescription,
    });
    this.logGroup.grantWrite(this.role);

    this.function = new nodejs.NodejsFunction(this, 'Function', {
      timeout: Duration.minutes(1),
      ...functionProps,
      entry,
      handler: 'handler',
      projectRoot: REPO_ROOT,
      depsLockFilePath: repoPath('package-lock.json'),
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      role: this.role,
      logGroup: this.logGroup,
      bundling: withAssetFiles(assetFiles),
    });
    // cfn-lint W3005: CDK makes the function depend on its role construct (role and default policy) so
    // it is never invoked before its permissions exist; the role half is also implied by the GetAtt.
    (this.function.node.defaultChild as lambda.CfnFunction).addMetadata('cfn-lint', { config: { ignore_checks: ['W3005'] } });
    Validations.of(this.function).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'Node.js 22 is pinned on purpose: the bundle targets node22 (esbuild) and the code is tested on it; ' +
        'the runtime is bumped together with the esbuild target, not by a library default.',
    });
  }
}
