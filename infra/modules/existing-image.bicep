// The image a container app runs now, so that provisioning again does not roll it back to the placeholder.
// A module of its own: it reads the app before the parent deployment updates it.

@description('Whether the container app exists (azd\'s SERVICE_<NAME>_RESOURCE_EXISTS).')
param exists bool

@description('The container app\'s name.')
param name string

@description('The image to use while the app does not exist.')
param fallback string

resource app 'Microsoft.App/containerApps@2024-03-01' existing = if (exists) {
  name: name
}

output image string = exists ? app!.properties.template.containers[0].image : fallback
