/** A team the bot is installed in, as Teams reported it. */
export interface TeamInstallation {
  id: string;
  aadGroupId: string | undefined;
  name: string | undefined;
  tenantId: string;
  serviceUrl: string;
  generalChannelId: string;
}

export interface ChannelInfo {
  id: string;
  teamId: string;
  name: string | undefined;
}
