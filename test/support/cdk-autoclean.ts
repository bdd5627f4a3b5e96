/**
 * aws-cdk-lib's own jest-autoclean, for the test files that used the CDK: after the file, the
 * temporary directories its apps synthesized into are removed (`CDK_NO_CLEAN_TESTS` keeps them).
 *
 * aws-cdk-lib's version loads its cloud-assembly modules after every test file to ask, about 30
 * ms each, and most files here never touch the CDK. Those directories are recorded by the
 * cloud-assembly module of the file's own module registry, so a file that never loaded it has
 * none: this asks only when it was loaded.
 */
const CLOUD_ASSEMBLY_MODULE = /[\\/]@aws-cdk[\\/]cloud-assembly-api[\\/]lib[\\/]cloud-assembly\.js$/;

afterAll(async () => {
  if (process.env.CDK_NO_CLEAN_TESTS) return;
  if (!Object.keys(require.cache).some((file) => CLOUD_ASSEMBLY_MODULE.test(file))) return;
  const { CloudAssembly } = await import('aws-cdk-lib/cx-api');
  CloudAssembly.cleanupTemporaryDirectories();
});
